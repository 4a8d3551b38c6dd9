// Distributed rollouts end to end: `crux rollout --queue`, `crux worker` processes and
// `crux rollout status` against a real PostgreSQL, with faults: a worker killed with SIGKILL
// mid-run, the server restarted while workers run.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCliBuilt, runCli } from '../support/cli';
import { BUGGY_CALC, createGitRepo, type GitFixture } from '../support/git-fixture';
import { startModelServer, type ModelServer } from '../support/model-server';
import { fixingModel, sql, startWorker, waitForRuns, type WorkerProcess } from './rollout-support';
import { sharedRun, startTeam, writeRun, type Team } from './support';

describe('distributed rollouts on a team queue (end to end)', function () {
  this.timeout(300_000);
  let team: Team;
  let server: ModelServer;
  let repo: GitFixture;
  let dir: string;
  let commit: string;
  const workers: WorkerProcess[] = [];

  before(async () => {
    ensureCliBuilt();
    team = await startTeam();
    server = await startModelServer({ turns: fixingModel() });
    repo = createGitRepo(BUGGY_CALC);
    commit = repo.git('rev-parse', 'HEAD').trim();
    dir = mkdtempSync(join(tmpdir(), 'crux-team-rollout-'));
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.stop();
  });
  after(async () => {
    await server?.close();
    await team?.server.stop();
    repo?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  function tasksFile(name: string, ids: string[]): string {
    const file = join(dir, `${name}.jsonl`);
    writeFileSync(file, ids.map((id) => JSON.stringify({ id, repo: repo.root, commit, task: `Fix add (${id})`, test_cmd: 'node test.js' })).join('\n'));
    return file;
  }

  const slots = (rollout: string) => sql<{ task_id: string; sample: number; n: number }>(team.server.adminUrl,
    'SELECT task_id, sample, count(*)::int AS n FROM crux.runs WHERE rollout = $1 GROUP BY 1, 2', [rollout]);

  it('2 workers x 50 jobs: every (task, sample) stored once, no job run twice to completion', async () => {
    const url = await team.url('farm1', 'worker');
    const tasks = tasksFile('fifty', ['calc-a', 'calc-b', 'calc-c', 'calc-d', 'calc-e']);
    const queued = await runCli(['rollout', tasks, '--queue', url, '--samples', '10', '--timeout-per-run', '60'], { CRUX_TEAM_URL: '' });
    assert.equal(queued.code, 0, queued.stdout + queued.stderr);
    assert.match(queued.stdout, /rollout "fifty": 50 jobs queued/);
    const again = await runCli(['rollout', tasks, '--queue', url, '--samples', '10']);
    assert.match(again.stdout, /0 jobs queued .*, 50 already queued/, 'queueing twice adds nothing');

    workers.push(startWorker(url, server.url), startWorker(await team.url('farm2', 'worker'), server.url));
    await waitForRuns(team.server.adminUrl, 'fifty', 50, 240_000);
    const filled = await slots('fifty');
    assert.equal(filled.length, 50);
    assert.ok(filled.every((slot) => slot.n === 1));
    const jobs = await sql<{ state: string; retry_count: number }>(team.server.adminUrl,
      `SELECT state, retry_count FROM pgboss.job WHERE data->>'rollout' = 'fifty'`);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the last completions land
    const after = await sql<{ state: string; retry_count: number }>(team.server.adminUrl,
      `SELECT state, retry_count FROM pgboss.job WHERE data->>'rollout' = 'fifty'`);
    assert.equal(jobs.length, 50);
    assert.ok(after.every((job) => job.retry_count === 0), 'no job was tried twice');
    const outputs = workers.map((worker) => worker.output()).join('');
    assert.equal((outputs.match(/: resolved in/g) ?? []).length, 50, 'each job ran to completion exactly once');
    assert.ok(workers.every((worker) => /: resolved in/.test(worker.output())), 'both workers took jobs');
    assert.doesNotMatch(outputs, /slot already filled/);

    const status = await runCli(['rollout', 'status', '--queue', url]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /fifty: 0 queued, 0 running, 50 done, 0 failed; 50 runs stored, 50 resolved \(100\.0%\)/);
  });

  it('a worker killed with SIGKILL mid-run loses nothing: its job comes back after the lease', async () => {
    const url = await team.url('farm1', 'worker');
    const tasks = tasksFile('killed', ['hang-me', 'calc-x']);
    const queued = await runCli(['rollout', tasks, '--queue', url, '--samples', '1', '--timeout-per-run', '8', '--lease-grace', '2']);
    assert.equal(queued.code, 0, queued.stdout + queued.stderr);
    const doomed = startWorker(url, server.url, 2);
    const hanging = Date.now() + 60_000;
    while (!server.requests.some((request) => JSON.stringify(request.messages).includes('Fix add (hang-me)'))) {
      if (Date.now() > hanging) throw new Error(`the hanging run never started: ${doomed.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    doomed.child.kill('SIGKILL');
    await doomed.stop();
    const killedAt = Date.now();
    workers.push(startWorker(await team.url('farm2', 'worker'), server.url, 1));
    await waitForRuns(team.server.adminUrl, 'killed', 2, 120_000);
    const filled = await slots('killed');
    assert.deepEqual(filled.map((slot) => [slot.task_id, slot.n]).sort(), [['calc-x', 1], ['hang-me', 1]]);
    const [hangMe] = await sql<{ resolved: boolean; contributor: string }>(team.server.adminUrl,
      `SELECT resolved, contributor FROM crux.runs WHERE rollout = 'killed' AND task_id = 'hang-me'`);
    assert.deepEqual(hangMe, { resolved: true, contributor: 'farm2' }, 'redone by the other worker, and it fixed the bug');
    assert.ok(Date.now() - killedAt < 60_000, 'the lease (8 s + 2 s) brought the job back well before any library default');
  });

  it('a PostgreSQL restart while workers run: retried, nothing lost, nothing duplicated', async () => {
    const url = await team.url('farm1', 'worker');
    const tasks = tasksFile('restart', ['calc-r1', 'calc-r2', 'calc-r3', 'calc-r4']);
    await runCli(['rollout', tasks, '--queue', url, '--samples', '5', '--timeout-per-run', '20', '--lease-grace', '5']);
    workers.push(startWorker(url, server.url), startWorker(await team.url('farm2', 'worker'), server.url));
    await waitForRuns(team.server.adminUrl, 'restart', 4, 120_000);
    await team.server.restart(2000);
    await waitForRuns(team.server.adminUrl, 'restart', 20, 240_000);
    const filled = await slots('restart');
    assert.equal(filled.length, 20);
    assert.ok(filled.every((slot) => slot.n === 1));
    assert.ok(workers.every((worker) => worker.child.exitCode === null), 'the workers rode out the restart');
  });

  it('two contributors and two workers fill one team store; a curator reads it all', async () => {
    for (const name of ['alice', 'bob']) {
      const runs = join(dir, `pushed-by-${name}`);
      writeRun(runs, sharedRun(`run-of-${name}`, { taskId: 'calc-a' }));
      const push = await runCli(['push', '--dir', runs, '--to', await team.url(name)]);
      assert.match(push.stdout, /1 new/, push.stdout + push.stderr);
    }
    const curator = await team.url('lead', 'curator');
    const listed = await runCli(['runs', '--dir', curator, '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const runIds = new Set((JSON.parse(listed.stdout) as { runId: string }[]).map((run) => run.runId));
    const byContributor = await sql<{ contributor: string; n: number }>(team.server.adminUrl,
      'SELECT contributor, count(*)::int AS n FROM crux.runs GROUP BY 1 ORDER BY 1');
    assert.deepEqual(byContributor.map((row) => row.contributor), ['alice', 'bob', 'farm1', 'farm2']);
    assert.equal(runIds.size, byContributor.reduce((sum, row) => sum + row.n, 0), 'the curator sees every run');
    const stats = await runCli(['stats', curator]);
    assert.equal(stats.code, 0, stats.stderr);
    assert.match(stats.stdout, new RegExp(`${runIds.size} runs`));
  });
});
