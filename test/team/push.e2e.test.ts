// Sharing with consent, end to end: the real CLI bundle against a real PostgreSQL.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { serializeRecord } from '../../src/trajectory/jsonl';
import { ensureCliBuilt, runCli } from '../support/cli';
import { sharedRun, startTeam, writeRun, type Team } from './support';

describe('crux push and the team store (end to end)', function () {
  this.timeout(180_000);
  let team: Team;
  let workspace: string;
  let env: Record<string, string>;
  let runsDir: string;

  const count = async (sql: string): Promise<number> => {
    const client = new pg.Client({ connectionString: team.server.adminUrl });
    await client.connect();
    try {
      return Number((await client.query<{ n: string }>(sql)).rows[0]?.n);
    } finally {
      await client.end();
    }
  };

  before(async () => {
    ensureCliBuilt();
    team = await startTeam();
    workspace = mkdtempSync(join(tmpdir(), 'crux-push-ws-'));
    runsDir = join(workspace, '.crux', 'trajectories');
    env = { CRUX_CONFIG_DIR: join(workspace, 'config'), CRUX_TEAM_URL: '' };
  });
  after(async () => {
    await team?.server.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('sets up a team in two commands: init (idempotent) and add-contributor', async () => {
    const first = await runCli(['team', 'init', '--url', team.server.adminUrl], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /up to date/); // startTeam already ran it
    const added = await runCli(['team', 'add-contributor', 'dana', '--url', team.server.adminUrl], env);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout.trim(), /^postgres:\/\/dana:[^@]+@127\.0\.0\.1:\d+\/crux_team$/);
    const bad = await runCli(['team', 'add-contributor', 'Robert"; DROP', '--url', team.server.adminUrl], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /not a usable name/);
  });

  it('pushes only shared runs, once; shows them as their files; updates a grown run', async () => {
    const url = await team.url('erin');
    writeRun(runsDir, sharedRun('run-push-a', { steps: 12 }));
    writeRun(runsDir, sharedRun('run-push-b', { steps: 5, taskId: 'other' }));
    const local = sharedRun('run-push-local');
    local.header.consent = 'local';
    writeRun(runsDir, local);
    assert.equal((await runCli(['consent', 'share', '-w', workspace], env)).code, 0);

    const first = await runCli(['push', '-w', workspace, '--to', url], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /2 new, 0 updated, 0 already there, 1 skipped, 0 refused/);
    assert.match(first.stdout, /run-push-local: skipped: recorded at consent "local"/);
    const again = await runCli(['push', '-w', workspace], { ...env, CRUX_TEAM_URL: url });
    assert.match(again.stdout, /0 new, 0 updated, 2 already there/);

    const fromFile = await runCli(['show', join(runsDir, 'run-push-a.jsonl'), '--width', '120'], env);
    const fromStore = await runCli(['show', `${url}/run-push-a`, '--width', '120'], env);
    assert.equal(fromStore.code, 0, fromStore.stderr);
    const body = (text: string) => text.split('\n').filter((line) => !line.startsWith('run run-push-a ')).join('\n');
    assert.equal(body(fromStore.stdout), body(fromFile.stdout));
    assert.doesNotMatch(fromStore.stdout, /erin:[^*]/, 'the password is never printed');

    appendFileSync(join(runsDir, 'run-push-a.jsonl'), serializeRecord({ kind: 'outcome-update', t: 5, verdict: 'accept', resolved: true, origin: 'user' }));
    const grown = await runCli(['push', '-w', workspace, '--to', url], env);
    assert.match(grown.stdout, /0 new, 1 updated, 1 already there/);
    assert.equal(await count(`SELECT count(*) AS n FROM crux.runs WHERE run_id = 'run-push-a' AND resolved`), 1);
    assert.equal(await count(`SELECT count(*) AS n FROM crux.runs`), 2);
  });

  it('crux runs lists and deletes a contributor\'s runs in the team store', async () => {
    const url = await team.url('erin');
    const listed = await runCli(['runs', '--dir', url], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /run-push/);
    const other = await runCli(['runs', '--dir', await team.url('nobody_yet')], env);
    assert.match(other.stdout, /No recorded runs in postgres:\/\/nobody_yet:\*\*\*@/);
    const deleted = await runCli(['runs', 'delete', 'run-push-a', '--dir', url], env);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(await count(`SELECT count(*) AS n FROM crux.runs WHERE run_id = 'run-push-a'`), 0);
    const notMine = await runCli(['runs', 'delete', 'run-push-a', '--dir', await team.url('nobody_yet')], env);
    assert.equal(notMine.code, 1);
    const misuse = await runCli(['push', '--dir', url, '--to', url], env);
    assert.equal(misuse.code, 2);
    assert.match(misuse.stderr, /the team store goes in --to/);
  });

  it('redacts secrets again on the way out', async () => {
    const url = await team.url('erin');
    const run = sharedRun('run-push-secret');
    run.header.task.text = 'Use the key AKIAIOSFODNN7EXAMPLE to reach the bucket';
    writeRun(runsDir, run);
    await runCli(['push', '-w', workspace, '--to', url, 'run-push-secret'], env);
    const stored = await runCli(['show', `${url}/run-push-secret`], env);
    assert.doesNotMatch(stored.stdout, /AKIAIOSFODNN7EXAMPLE/);
    assert.match(stored.stdout, /REDACTED/);
  });

  it('stops uploading when consent is lowered', async () => {
    const url = await team.url('erin');
    writeRun(runsDir, sharedRun('run-push-late'));
    await runCli(['consent', 'local', '-w', workspace], env);
    const push = await runCli(['push', '-w', workspace, '--to', url], env);
    assert.match(push.stdout, /consent is "local": nothing is pushed/);
    assert.equal(await count(`SELECT count(*) AS n FROM crux.runs WHERE run_id = 'run-push-late'`), 0);
    await runCli(['consent', 'share', '-w', workspace], env);
  });

  it('deleting a pushed run withdraws it from the team store (and refuses to forget it silently)', async () => {
    const url = await team.url('erin');
    const refused = await runCli(['runs', 'delete', 'run-push-b', '-w', workspace], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /was pushed to postgres:\/\/erin:\*\*\*@.*give --team URL/);
    assert.ok(existsSync(join(runsDir, 'run-push-b.jsonl')), 'not deleted here either');
    const deleted = await runCli(['runs', 'delete', 'run-push-b', '-w', workspace], { ...env, CRUX_TEAM_URL: url });
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stdout, /deleted run-push-b \(and from the team store/);
    assert.equal(await count(`SELECT count(*) AS n FROM crux.runs WHERE run_id = 'run-push-b'`), 0);
    assert.ok(!readFileSync(join(runsDir, '.team-pushed.json'), 'utf8').includes('run-push-b'));
  });

  it('refuses a damaged run with a clear error, and pushes the others', async () => {
    const url = await team.url('erin');
    const dir = mkdtempSync(join(tmpdir(), 'crux-push-bad-'));
    writeRun(dir, sharedRun('run-fine'));
    const damaged = writeRun(dir, sharedRun('run-damaged'));
    const lines = readFileSync(damaged, 'utf8').split('\n');
    lines.splice(3, 1); // an event lost in the middle
    writeFileSync(damaged, lines.join('\n'));
    const push = await runCli(['push', '--dir', dir, '--to', url], env);
    assert.equal(push.code, 1);
    assert.match(push.stdout, /1 new, .* 1 refused/);
    assert.match(push.stderr, /run run-damaged refused: it is damaged: line 4: event seq 4 follows 2; events may be missing/);
    assert.equal(await count(`SELECT count(*) AS n FROM crux.runs WHERE run_id = 'run-damaged'`), 0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('says what is wrong with bad team URLs and servers', async () => {
    const noUrl = await runCli(['push', '-w', workspace], env);
    assert.equal(noUrl.code, 2);
    assert.match(noUrl.stderr, /give the team store with --to postgres:\/\/… or set CRUX_TEAM_URL/);
    const notPg = await runCli(['push', '-w', workspace, '--to', 'mysql://x@y/z'], env);
    assert.match(notPg.stderr, /not a postgres:\/\/ URL/);
    const noSchema = await runCli(['push', '-w', workspace, '--to', team.server.adminUrl.replace(/\/crux_team$/, '/postgres')], env);
    assert.equal(noSchema.code, 1);
    assert.match(noSchema.stderr, /has no Crux team schema; run: crux team init --url ADMIN_URL/);
    assert.doesNotMatch(noSchema.stderr, new RegExp(new URL(team.server.adminUrl).password), 'no password in messages');
    const noQueue = await runCli(['rollout', 'tasks.jsonl'], env);
    assert.equal(noQueue.code, 2);
    assert.match(noQueue.stderr, /give -o DIR \(run here\) or --queue URL/);
  });

  it('a server restart during a push loses nothing and duplicates nothing', async () => {
    const url = await team.url('frank');
    const dir = mkdtempSync(join(tmpdir(), 'crux-push-restart-'));
    const total = 150;
    for (let i = 0; i < total; i++) writeRun(dir, sharedRun(`run-restart-${String(i).padStart(3, '0')}`, { steps: 40 }));
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli.js'), 'push', '--dir', dir, '--to', url], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const started = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/uploaded/.test(stdout)) resolve();
    }));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await started;
    await team.server.restart(1500);
    const code = await exited;
    assert.equal(code, 0, stderr);
    assert.match(stderr, /unreachable .* retry/, 'the push noticed the outage and retried');
    assert.equal(await count(`SELECT count(*) AS n FROM crux.runs WHERE run_id LIKE 'run-restart-%'`), total);
    assert.equal(await count(`SELECT count(*) AS n FROM (SELECT run_id FROM crux.run_lines WHERE run_id LIKE 'run-restart-%' GROUP BY run_id, line_no HAVING count(*) > 1) d`), 0);
    const again = await runCli(['push', '--dir', dir, '--to', url, '-q'], env);
    assert.match(again.stdout, /0 new, 0 updated, 150 already there/);
    rmSync(dir, { recursive: true, force: true });
  });
});
