// Nested AGENTS.md end to end: the real CLI bundle, a real git repository and the fake model
// server (whose received requests are checked). Reading pkg/sub/file.ts gives the model
// pkg/sub/AGENTS.md with that result, once; the CLI says so; the trajectory records it; an
// @pkg/sub/file.ts mention puts it in the system prompt from the start; --no-rules and a rules
// list without AGENTS.md give none; `crux show` names it; replay still matches the recorded
// observation.
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatMessage } from '../../src/model/types';
import { readTrajectoryFile } from '../../src/trajectory/jsonl';
import type { Trajectory } from '../../src/trajectory/format';
import { runCli } from '../support/cli';
import { createGitRepo, type GitFixture } from '../support/git-fixture';
import { startModelServer, type ModelServer, type ScriptedTurn } from '../support/model-server';
import { tempDir, type TempDir } from '../trajectory/fixtures';

const SUB_RULES = 'In pkg/sub, every export gets a doc comment.';
const FILES = {
  'AGENTS.md': 'Root: run node test.js.\n',
  'pkg/sub/AGENTS.md': `${SUB_RULES}\n`,
  'pkg/sub/file.ts': 'export const x = 1;\n',
  'pkg/other.ts': 'export const y = 2;\n',
};
const READ_SUB: ScriptedTurn = { toolCalls: [{ name: 'read_file', arguments: { path: 'pkg/sub/file.ts' } }] };
const READ_OTHER: ScriptedTurn = { toolCalls: [{ name: 'read_file', arguments: { path: 'pkg/other.ts' } }] };
const EDIT_SUB: ScriptedTurn = {
  toolCalls: [{ name: 'edit_file', arguments: { path: 'pkg/sub/file.ts', old_string: 'export const x', new_string: '/** One. */\nexport const x' } }],
};
const ANSWER: ScriptedTurn = { content: 'pkg/sub/file.ts exports x.' };
const FINISH: ScriptedTurn = { toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }] };

describe('crux run: nested AGENTS.md (end to end)', function () {
  this.timeout(180_000);
  let repo: GitFixture;
  let config: TempDir;
  let server: ModelServer | undefined;
  let env: Record<string, string>;

  beforeEach(async () => {
    repo = createGitRepo(FILES);
    config = tempDir('crux-config-');
    env = { CRUX_CONFIG_DIR: join(config.path, 'crux') };
    assert.equal((await crux('consent', 'local', '--workspace', repo.root)).code, 0);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    repo.remove();
    config.remove();
  });

  const crux = (...args: string[]) => runCli(args, env);
  const store = () => join(repo.root, '.crux', 'trajectories');
  const runs = async (): Promise<Trajectory[]> => {
    const files = readdirSync(store()).filter((name) => name.endsWith('.jsonl') && name !== 'index.jsonl');
    const all = await Promise.all(files.map((name) => readTrajectoryFile(join(store(), name))));
    return all.sort((a, b) => a.header.createdAt.localeCompare(b.header.createdAt));
  };
  const streamed = () => (server?.requests ?? []).filter((request) => request.stream) as unknown as { messages: ChatMessage[] }[];
  const toolText = (index: number) => (streamed()[index]?.messages ?? []).filter((message) => message.role === 'tool').map((message) => message.content);
  const count = (text: string, part: string) => text.split(part).length - 1;

  async function serve(turns: ScriptedTurn[]) {
    await server?.close();
    server = await startModelServer({ turns });
    return server.url;
  }

  it('gives pkg/sub/AGENTS.md with the result of the first call in pkg/sub, once, says so and records it', async () => {
    const url = await serve([READ_OTHER, READ_SUB, EDIT_SUB, FINISH]);
    const result = await crux('run', '-w', repo.root, '-t', 'Document pkg.', '--model-url', url, '-y');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /project rules: AGENTS.md\n/, 'only the root one in the system prompt');
    assert.equal(count(result.stdout, 'rules: pkg/sub/AGENTS.md applies to pkg/sub/'), 1, result.stdout);
    assert.doesNotMatch(String(streamed()[0]?.messages[0]?.content), /every export gets a doc comment/);
    assert.doesNotMatch(toolText(1).join('\n'), /doc comment/, 'pkg/other.ts is outside pkg/sub');
    assert.match(toolText(2).at(-1) ?? '', new RegExp(`export const x = 1;[\\s\\S]*<rules file="pkg/sub/AGENTS.md" applies-to="pkg/sub/">\\n${SUB_RULES}\\n</rules>$`));
    assert.equal(count(toolText(3).join('\n'), SUB_RULES), 1, 'not given again');

    const [run] = await runs();
    const added = run?.events.filter((event) => event.type === 'rules-added') ?? [];
    assert.equal(added.length, 1);
    const record = added[0];
    assert.ok(record?.type === 'rules-added');
    assert.equal(record.path, 'pkg/sub/AGENTS.md');
    assert.equal(record.folder, 'pkg/sub');
    assert.equal(record.step, 2);
    assert.equal(record.chars, FILES['pkg/sub/AGENTS.md'].length);
    assert.match(record.sha256, /^[0-9a-f]{64}$/);
    const observation = run?.events.find((event) => event.type === 'observation' && event.callId === record.callId);
    assert.ok(observation?.type === 'observation' && observation.output.includes(SUB_RULES), 'the recorded observation is what the model saw');

    const shown = await crux('show', join(store(), `${run?.header.runId}.jsonl`), '--width', '200');
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /\+ rules: pkg\/sub\/AGENTS.md applies to pkg\/sub\//);

    // Replayed in a fresh copy, read_file returns no rules block: the calls still match.
    const fresh = createGitRepo(FILES);
    try {
      const replay = await crux('replay', join(store(), `${run?.header.runId}.jsonl`), '-w', fresh.root, '--yes');
      assert.equal(replay.code, 0, replay.stdout + replay.stderr);
      assert.match(replay.stdout, /replayed 4 call\(s\): 4 same, 0 diverged/);
    } finally {
      fresh.remove();
    }
  });

  it('puts the AGENTS.md above an @-mentioned file into the system prompt from the start', async () => {
    const url = await serve([READ_SUB, EDIT_SUB, FINISH]);
    const result = await crux('run', '-w', repo.root, '-t', 'Document @pkg/sub/file.ts', '--model-url', url, '-y');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /project rules: AGENTS.md, pkg\/sub\/AGENTS.md/);
    const system = String(streamed()[0]?.messages[0]?.content);
    assert.ok(system.indexOf('<rules file="AGENTS.md">') < system.indexOf(`<rules file="pkg/sub/AGENTS.md">\n${SUB_RULES}`), 'the nearest comes last');
    assert.doesNotMatch(toolText(1).join('\n'), /doc comment/, 'already in the system prompt: not given again');
    assert.doesNotMatch(result.stdout, /rules: pkg\/sub\/AGENTS.md applies/);
    const [run] = await runs();
    assert.deepEqual(run?.header.rules?.map((rule) => rule.path), ['AGENTS.md', 'pkg/sub/AGENTS.md']);
  });

  it('gives a follow-up that mentions a file in a new folder its AGENTS.md with the follow-up', async () => {
    let url = await serve([ANSWER]);
    const first = await crux('run', '-w', repo.root, '-t', 'What is in @pkg/other.ts?', '--model-url', url, '--mode', 'ask');
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const [parent] = await runs();
    url = await serve([ANSWER, ANSWER]);
    const second = await crux('run', '-w', repo.root, '--continue', parent?.header.runId ?? '', '-t', 'And @pkg/sub/file.ts?', '--model-url', url);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    const followUp = String(streamed()[0]?.messages.at(-1)?.content);
    assert.match(followUp, new RegExp(`^And @pkg/sub/file.ts\\?[\\s\\S]*<context kind="file" name="pkg/sub/file.ts">[\\s\\S]*<rules file="pkg/sub/AGENTS.md" applies-to="pkg/sub/">\\n${SUB_RULES}\\n</rules>$`));
    assert.doesNotMatch(String(streamed()[0]?.messages[0]?.content), /doc comment/, 'the system prompt is the first run\'s');
  });

  it('gives none with --no-rules, or when the rule files configured leave out AGENTS.md', async () => {
    for (const flags of [['--no-rules'], ['--rules-file', 'CLAUDE.md']]) {
      const url = await serve([READ_SUB, ANSWER]);
      const result = await crux('run', '-w', repo.root, '-t', 'What does @pkg/sub/file.ts export?', '--model-url', url, '--mode', 'ask', ...flags);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.doesNotMatch(JSON.stringify(server?.requests), /every export gets a doc comment/, flags.join(' '));
      assert.doesNotMatch(result.stdout, /rules: pkg\/sub\/AGENTS.md/);
    }
  });
});
