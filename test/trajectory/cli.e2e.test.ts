// `crux consent`, `crux run` recording, `crux runs`, `crux outcome` and `crux runs delete`, end
// to end: the real CLI bundle, a real git repository, the fake model server.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTrajectoryFile } from '../../src/trajectory/jsonl';
import type { RunSummary } from '../../src/trajectory/run-summary';
import { runCli } from '../support/cli';
import { BUGGY_CALC, createGitRepo, type GitFixture } from '../support/git-fixture';
import { startModelServer, type ModelServer, type ScriptedTurn } from '../support/model-server';
import { tempDir, type TempDir } from './fixtures';

const FIX: ScriptedTurn[] = [
  { content: 'Reading.', toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }] },
  { toolCalls: [{ name: 'edit_file', arguments: { path: 'calc.js', old_string: 'return a - b;', new_string: 'return a + b;' } }] },
  { toolCalls: [{ name: 'finish', arguments: { summary: 'add() adds now.' } }] },
];
const TASK = 'The test in test.js fails. Fix calc.js. Contact jane.doe@acme-corp.com when done.';

describe('recording through the CLI (end to end)', function () {
  this.timeout(120_000);
  let repo: GitFixture;
  let config: TempDir;
  let server: ModelServer | undefined;
  let env: Record<string, string>;

  beforeEach(() => {
    repo = createGitRepo(BUGGY_CALC);
    config = tempDir('crux-config-');
    env = { CRUX_CONFIG_DIR: join(config.path, 'crux') };
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    repo.remove();
    config.remove();
  });

  const crux = (...args: string[]) => runCli(args, env);
  const traceDir = () => join(repo.root, '.crux');

  async function run(...extra: string[]) {
    server = await startModelServer({ turns: FIX });
    return crux('run', '-w', repo.root, '-t', TASK, '--model-url', server.url, '-y', '--test-cmd', 'node test.js', ...extra);
  }

  it('records a run when consent is local, and lists, updates and deletes it', async () => {
    repo.git('remote', 'add', 'origin', 'https://ci:s3cret-pass-77@github.com/acme/calc.git');
    const consent = await crux('consent', 'local', '--workspace', repo.root);
    assert.equal(consent.code, 0, consent.stderr);
    assert.match(consent.stdout, /is now local/);
    assert.match(consent.stdout, /every tool call with its arguments/);

    const result = await run();
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /recording this run \(consent: local/);
    const path = /trajectory written to (.+\.jsonl)/.exec(result.stdout)?.[1] ?? '';
    assert.ok(path.startsWith(join(traceDir(), 'trajectories')), result.stdout);

    const trajectory = await readTrajectoryFile(path);
    assert.deepEqual(trajectory.problems, []);
    assert.equal(trajectory.header.consent, 'local');
    assert.equal(trajectory.header.repository.remote, 'github.com/acme/calc');
    assert.match(trajectory.header.task.id, /^adhoc-[0-9a-f]{16}$/);
    assert.equal(trajectory.outcome?.end, 'finished');
    assert.equal(trajectory.outcome?.test?.command, 'node test.js');
    assert.equal(trajectory.outcome?.test?.passed, true);
    assert.equal(trajectory.outcome?.resolved, true);
    assert.doesNotMatch(trajectory.outcome?.patch ?? '', /\.crux/, 'the trajectory is not part of its own patch');
    assert.equal(repo.git('status', '--porcelain', '--', '.crux'), '', 'git does not see the trajectories');
    const bytes = readFileSync(path, 'utf8');
    assert.ok(!bytes.includes('jane.doe@acme-corp.com') && !bytes.includes('s3cret-pass-77'), 'redacted');

    const listed = await crux('runs', '--workspace', repo.root, '--json');
    const runs = JSON.parse(listed.stdout) as RunSummary[];
    assert.equal(runs.length, 1);
    const runId = runs[0]?.runId ?? '';
    assert.equal(runs[0]?.testPassed, true);
    assert.match((await crux('runs', '--workspace', repo.root)).stdout, new RegExp(`^${runId.slice(0, 8)} .* finished +3 +pass +- +The test in test\\.js fails`, 'm'));

    const verdict = await crux('outcome', runId.slice(0, 8), '--verdict', 'reject', '--resolved', 'false', '--workspace', repo.root);
    assert.equal(verdict.code, 0, verdict.stderr);
    assert.equal((await readTrajectoryFile(path)).outcome?.verdict, 'reject');
    const retest = await crux('outcome', path, '--test-cmd', 'node test.js', '--workspace', repo.root);
    assert.equal(retest.code, 0, retest.stderr);
    const updated = await readTrajectoryFile(path);
    assert.equal(updated.outcome?.resolved, true);
    assert.equal(updated.events.length, trajectory.events.length, 'events untouched');

    const deleted = await crux('runs', 'delete', runId, '--workspace', repo.root);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.ok(!existsSync(path));
    for (const name of readdirSync(join(traceDir(), 'trajectories'))) {
      assert.ok(!readFileSync(join(traceDir(), 'trajectories', name), 'utf8').includes(runId), `${name} still names the run`);
    }
    assert.deepEqual(JSON.parse((await crux('runs', '-w', repo.root, '--json')).stdout), []);
  });

  it('writes nothing at all when consent is off, and says how to turn it on', async () => {
    const result = await run();
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /recording is off for this workspace; to record runs on this machine: crux consent local --workspace /);
    assert.ok(!existsSync(traceDir()), 'no .crux folder');
    assert.ok(!existsSync(env.CRUX_CONFIG_DIR ?? ''), 'no settings folder either');
    const shown = await crux('consent', '-w', repo.root);
    assert.match(shown.stdout, /Recording: off: nothing is recorded/);
    assert.ok(!existsSync(env.CRUX_CONFIG_DIR ?? ''), 'showing the level writes nothing');
  });

  it('does not record a repository of the SWE-bench test sets, nor a run with --no-record', async () => {
    await crux('consent', 'share', '-w', repo.root);
    repo.git('remote', 'add', 'upstream', 'git@github.com:psf/requests.git');
    const excluded = await run();
    assert.equal(excluded.code, 0, excluded.stderr);
    assert.match(excluded.stdout, /not recording: the repository github\.com\/psf\/requests is on the exclusion list/);
    assert.ok(!existsSync(traceDir()));

    repo.git('remote', 'remove', 'upstream');
    await server?.close();
    const skipped = await run('--no-record');
    assert.match(skipped.stdout, /not recording this run \(--no-record\)/);
    assert.ok(!existsSync(traceDir()));
  });

  it('rejects an unknown consent level and an outcome without anything to record', async () => {
    const bad = await crux('consent', 'everything', '-w', repo.root);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /must be one of off, local, share/);
    const nothing = await crux('outcome', 'abcd', '-w', repo.root);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /--verdict, --resolved and\/or --test-cmd/);
  });
});
