// The alignment pipeline reads the team store: `crux tree|pairs|sft|stats postgres://…` give
// what they give on the same runs as files. The runs come from a real `crux rollout` (the
// scripted model fixes the bug in half the runs and gives up in the other half), pushed with
// `crux push`.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCliBuilt, runCli } from '../support/cli';
import { BUGGY_CALC, createGitRepo, type GitFixture } from '../support/git-fixture';
import { startModelServer, type ChatRequestRecord, type ModelServer, type ScriptedTurn } from '../support/model-server';
import { startTeam, type Team } from './support';

/** Even-numbered runs of each task fix add(), odd ones give up. */
function halfFixing(): (request: ChatRequestRecord) => ScriptedTurn {
  const behaviour = new Map<string, 'fix' | 'give-up'>();
  const perTask = new Map<string, number>();
  return (request) => {
    if (!request.stream) return { content: 'ok' };
    const messages = request.messages as { role: string; content: string | null }[];
    const workspace = /The repository is at (\S+)\./.exec(messages[0]?.content ?? '')?.[1] ?? '';
    const task = /^Task:\n(.*)/.exec(messages[1]?.content ?? '')?.[1] ?? '';
    if (!behaviour.has(workspace)) {
      const n = perTask.get(task) ?? 0;
      perTask.set(task, n + 1);
      behaviour.set(workspace, n % 2 === 0 ? 'fix' : 'give-up');
    }
    const step = messages.filter((message) => message.role === 'assistant').length;
    if (behaviour.get(workspace) === 'give-up') return { toolCalls: [{ name: 'finish', arguments: { summary: 'I could not find the bug.' } }] };
    return step === 0
      ? { toolCalls: [{ name: 'edit_file', arguments: { path: 'calc.js', old_string: 'return a - b;', new_string: 'return a + b;' } }] }
      : { toolCalls: [{ name: 'finish', arguments: { summary: 'Fixed add.' } }] };
  };
}

describe('the pipeline on a team store (end to end)', function () {
  this.timeout(300_000);
  let team: Team;
  let server: ModelServer;
  let repo: GitFixture;
  let dir: string;
  let runs: string;
  let url: string;

  before(async () => {
    ensureCliBuilt();
    team = await startTeam();
    server = await startModelServer({ turns: halfFixing() });
    repo = createGitRepo(BUGGY_CALC);
    const commit = repo.git('rev-parse', 'HEAD').trim();
    dir = mkdtempSync(join(tmpdir(), 'crux-team-pipeline-'));
    const tasks = join(dir, 'tasks.jsonl');
    writeFileSync(tasks, ['calc-1', 'calc-2'].map((id) => JSON.stringify({ id, repo: repo.root, commit, task: `Fix add (${id})`, test_cmd: 'node test.js' })).join('\n'));
    runs = join(dir, 'runs');
    const rollout = await runCli(['rollout', tasks, '--samples', '10', '--concurrency', '4', '--out', runs, '--consent', 'share', '--model-url', server.url], {}, 240_000);
    assert.equal(rollout.code, 0, rollout.stdout + rollout.stderr);
    url = await team.url('lead', 'curator');
    const contributor = await team.url('gwen');
    const push = await runCli(['push', '--dir', runs, '--to', contributor], {});
    assert.match(push.stdout, /20 new/, push.stdout + push.stderr);
  });
  after(async () => {
    await server?.close();
    await team?.server.stop();
    repo?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Output with the source's name taken out (file paths or the store's address). */
  const same = (text: string) => text.replaceAll(runs, 'SOURCE').replaceAll(/postgres:\/\/lead:\*\*\*@[^/\s"]+\/crux_team/g, 'SOURCE');

  it('crux pairs: the same pairs from the store as from the files', async () => {
    const fromFiles = await runCli(['pairs', runs, '--out', join(dir, 'pairs-files.jsonl')]);
    const fromStore = await runCli(['pairs', url, '--out', join(dir, 'pairs-store.jsonl')]);
    assert.equal(fromStore.code, 0, fromStore.stdout + fromStore.stderr);
    const pairs = readFileSync(join(dir, 'pairs-store.jsonl'), 'utf8');
    assert.ok(pairs.trim().split('\n').length >= 2, 'a pair per task');
    assert.equal(same(pairs), same(readFileSync(join(dir, 'pairs-files.jsonl'), 'utf8')));
    assert.equal(same(fromStore.stdout).replace(/to \S+pairs-store/, ''), same(fromFiles.stdout).replace(/to \S+pairs-files/, ''));
  });

  it('crux sft, tree and stats: the same output from the store as from the files', async () => {
    await runCli(['sft', runs, '--out', join(dir, 'sft-files.jsonl')]);
    const sft = await runCli(['sft', url, '--out', join(dir, 'sft-store.jsonl')]);
    assert.equal(sft.code, 0, sft.stdout + sft.stderr);
    const rows = (file: string) => same(readFileSync(join(dir, file), 'utf8')).replaceAll('.jsonl"', '"');
    assert.ok(rows('sft-store.jsonl').trim().split('\n').length >= 10, 'the resolved runs');
    assert.equal(rows('sft-store.jsonl'), rows('sft-files.jsonl'));
    for (const command of [['tree'], ['stats'], ['stats', '--json']]) {
      const files = await runCli([...command, runs]);
      const store = await runCli([...command, url]);
      assert.equal(files.code, 0, files.stdout + files.stderr);
      assert.equal(store.code, 0, store.stdout + store.stderr);
      assert.equal(same(store.stdout), same(files.stdout), command.join(' '));
    }
  });

  it('a contributor reads only its own runs; bad sources get clear errors', async () => {
    const other = await runCli(['stats', await team.url('hana')]);
    assert.match(other.stderr + other.stdout, /no runs found/);
    const two = await runCli(['stats', url, runs]);
    assert.equal(two.code, 2);
    assert.match(two.stderr, /one team store at a time/);
  });
});
