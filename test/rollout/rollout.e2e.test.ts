// `crux rollout` end to end: real git repositories with a failing test, the real CLI bundle,
// and the protocol-level model server scripting runs that fix the bug and runs that do not.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrajectoryStore } from '../../src/trajectory/store';
import { runCli } from '../support/cli';
import { BUGGY_CALC, createGitRepo, type GitFixture } from '../support/git-fixture';
import { startModelServer, type ChatRequestRecord, type ModelServer, type ScriptedTurn } from '../support/model-server';

type Behaviour = 'fix' | 'give-up' | 'hang';

/** The parts of a TRL conversational preference line these tests look at. */
interface DpoPair {
  prompt: { role: string }[];
  chosen: { tool_calls?: { function: { name: string } }[] }[];
  rejected: { tool_calls?: { function: { name: string } }[] }[];
}

/** Scripts each run by its workspace (named in the system prompt): the n-th run to arrive
 * behaves as behaviours[n % length]; the step is the number of assistant messages so far. */
function scriptByRun(behaviours: (task: string) => Behaviour[]) {
  const assigned = new Map<string, Behaviour>();
  const perTask = new Map<string, number>();
  return (request: ChatRequestRecord): ScriptedTurn => {
    if (!request.stream) return { content: 'ok' };
    const messages = request.messages as { role: string; content: string | null }[];
    const workspace = /The repository is at (\S+)\./.exec(messages[0]?.content ?? '')?.[1] ?? '';
    const task = /^Task:\n(.*)/.exec(messages[1]?.content ?? '')?.[1] ?? '';
    let behaviour = assigned.get(workspace);
    if (!behaviour) {
      const n = perTask.get(task) ?? 0;
      perTask.set(task, n + 1);
      const list = behaviours(task);
      behaviour = list[n % list.length] as Behaviour;
      assigned.set(workspace, behaviour);
    }
    const step = messages.filter((message) => message.role === 'assistant').length;
    if (behaviour === 'hang') return { kind: 'hang' };
    if (behaviour === 'give-up') return { toolCalls: [{ name: 'finish', arguments: { summary: 'I could not find the bug.' } }] };
    return step === 0
      ? { toolCalls: [{ name: 'edit_file', arguments: { path: 'calc.js', old_string: 'return a - b;', new_string: 'return a + b;' } }] }
      : { toolCalls: [{ name: 'finish', arguments: { summary: 'Fixed add.' } }] };
  };
}

describe('crux rollout (end to end)', function () {
  this.timeout(180_000);
  let dir: string;
  let repo: GitFixture;
  let server: ModelServer | undefined;
  let commit: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'crux-rollout-'));
    repo = createGitRepo(BUGGY_CALC);
    commit = repo.git('rev-parse', 'HEAD').trim();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    repo.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  function writeTasks(lines: (object | string)[]): string {
    const file = join(dir, 'tasks.jsonl');
    writeFileSync(file, lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n'));
    return file;
  }

  const task = (id: string, extra: object = {}) => ({ id, repo: repo.root, commit, task: `Fix add (${id})`, test_cmd: 'node test.js', ...extra });

  async function summaries(out: string) {
    return (await new TrajectoryStore(out).list()).sort((a, b) => a.taskId.localeCompare(b.taskId));
  }

  it('labels runs by their tests, resumes, and never touches the original checkout', async () => {
    server = await startModelServer({ turns: scriptByRun(() => ['fix', 'give-up']) });
    const tasks = writeTasks([task('calc-a'), task('calc-b'), '{"id": broken']);
    const out = join(dir, 'out');
    const first = await runCli(['rollout', tasks, '--samples', '2', '--concurrency', '2', '--out', out, '--model-url', server.url]);
    assert.equal(first.code, 1, 'a bad task line makes the exit code non-zero');
    assert.match(first.stdout, /task line 3 skipped: not valid JSON/);
    assert.match(first.stdout, /4 runs this time \(2 resolved, 2 unresolved, 0 failed; resolve rate 50\.0%\)/);
    assert.match(first.stdout, /resolved +50\.0% \(2 of 4 labelled runs/, 'ends with the metrics of crux stats');
    assert.match(first.stdout, /empty patch +50\.0%/);
    assert.match(first.stdout, /stuck in loop +0\.0%/);
    const runs = await summaries(out);
    assert.equal(runs.length, 4);
    assert.deepEqual(runs.map((run) => [run.taskId, run.resolved]).sort(), [['calc-a', false], ['calc-a', true], ['calc-b', false], ['calc-b', true]]);
    assert.deepEqual(runs.map((run) => run.emptyPatch).sort(), [false, false, true, true]);
    assert.equal(repo.git('status', '--porcelain'), '', 'the user checkout is untouched');
    assert.deepEqual(readdirSync(join(out, '.work', 'runs')), [], 'run copies are removed');

    const requestsBefore = server.requests.length;
    const again = await runCli(['rollout', writeTasks([task('calc-a'), task('calc-b')]), '--samples', '3', '--out', out, '--model-url', server.url]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /2 runs this time .*, 4 already complete/);
    assert.equal((await summaries(out)).length, 6);
    assert.ok(server.requests.length > requestsBefore);
  });

  it('produces a folder that goes straight into crux pairs, with the expected pair', async () => {
    server = await startModelServer({ turns: scriptByRun(() => ['fix', 'give-up']) });
    const out = join(dir, 'out');
    const result = await runCli(['rollout', writeTasks([task('calc')]), '--samples', '10', '--concurrency', '4', '--out', out, '--model-url', server.url]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /10 runs this time \(5 resolved, 5 unresolved/);
    const pairsFile = join(dir, 'pairs.jsonl');
    const pairs = await runCli(['pairs', out, '--out', pairsFile]);
    assert.equal(pairs.code, 0, pairs.stdout + pairs.stderr);
    const lines = readFileSync(pairsFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as DpoPair);
    assert.equal(lines.length, 1, 'one key decision: edit first (5/5 resolved) or give up (0/5)');
    const [pair] = lines;
    assert.equal(pair?.chosen[0]?.tool_calls?.[0]?.function.name, 'edit_file');
    assert.equal(pair?.rejected[0]?.tool_calls?.[0]?.function.name, 'finish');
    assert.deepEqual(pair?.prompt.map((message) => message.role), ['system', 'user']);
  });

  it('records a hung run as timed out and unresolved, and finishes the others', async () => {
    server = await startModelServer({ turns: scriptByRun((name) => (name.includes('hung') ? ['hang'] : ['fix'])) });
    const tasks = writeTasks([task('hung'), task('fine')]);
    const out = join(dir, 'out');
    const result = await runCli(['rollout', tasks, '--samples', '1', '--concurrency', '2', '--timeout-per-run', '3', '--out', out, '--model-url', server.url]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /hung#1: failed .*timed out after 3 s/);
    const runs = await summaries(out);
    assert.deepEqual(runs.map((run) => [run.taskId, run.resolved]), [['fine', true], ['hung', false]]);
  });

  it('refuses tasks in excluded repositories without cloning them', async () => {
    server = await startModelServer({ turns: scriptByRun(() => ['fix']) });
    const tasks = writeTasks([task('django', { repo: 'https://github.com/django/django.git' }), task('mine')]);
    const result = await runCli(['rollout', tasks, '--samples', '1', '--out', join(dir, 'out'), '--model-url', server.url]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /task django refused: github\.com\/django\/django is on the exclusion list/);
    assert.deepEqual((await summaries(join(dir, 'out'))).map((run) => run.taskId), ['mine']);
  });

  it('stops cleanly on Ctrl-C, keeps what was written, and finishes the rest on resume', async () => {
    server = await startModelServer({ turns: scriptByRun(() => ['hang']) });
    const tasks = writeTasks([task('calc')]);
    const out = join(dir, 'out');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli.js'), 'rollout', tasks, '-n', '1', '--out', out, '--model-url', server?.url ?? ''], { stdio: 'ignore' });
      const poll = setInterval(() => {
        if (server && server.requests.filter((request) => request.stream).length > 0) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 50);
      child.on('exit', (exitCode) => resolve(exitCode));
    });
    assert.equal(code, 130);
    const partial = await summaries(out);
    assert.equal(partial.length, 1, 'the interrupted run is kept');
    assert.equal(partial[0]?.resolved, null);

    await server.close();
    server = await startModelServer({ turns: scriptByRun(() => ['fix']) });
    const resumed = await runCli(['rollout', tasks, '-n', '1', '--out', out, '--model-url', server.url]);
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    assert.match(resumed.stdout, /1 interrupted runs redone/);
    const runs = await summaries(out);
    assert.deepEqual(runs.map((run) => run.resolved), [true]);
    assert.equal(readdirSync(join(out, '.work', 'incomplete')).length, 1, 'the interrupted run is moved aside, not deleted');
  });
});
