// `crux run --continue`, project rules and `--mcp-config` end to end: the real CLI bundle, a real
// git repository, the fake model server (whose received requests are checked), a real MCP server
// written with the SDK; the continuation goes through `crux tree` and `crux pairs`.
import { strict as assert } from 'node:assert';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TaskTreeJson } from '../../src/align/tree-view';
import type { ChatMessage } from '../../src/model/types';
import { readTrajectoryFile } from '../../src/trajectory/jsonl';
import type { Trajectory } from '../../src/trajectory/format';
import { runCli } from '../support/cli';
import { BUGGY_CALC, createGitRepo, type GitFixture } from '../support/git-fixture';
import { stdioServerCommand } from '../support/mcp-server';
import { startModelServer, type ModelServer, type ScriptedTurn } from '../support/model-server';
import { tempDir, type TempDir } from '../trajectory/fixtures';

const READ: ScriptedTurn = { content: 'Reading.', toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }] };
const EDIT: ScriptedTurn = { toolCalls: [{ name: 'edit_file', arguments: { path: 'calc.js', old_string: 'return a - b;', new_string: 'return a + b;' } }] };
const FINISH: ScriptedTurn = { toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }] };

describe('crux run: conversations, rules and MCP (end to end)', function () {
  this.timeout(180_000);
  let repo: GitFixture;
  let config: TempDir;
  let server: ModelServer | undefined;
  let env: Record<string, string>;

  beforeEach(async () => {
    repo = createGitRepo(BUGGY_CALC);
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
    return all.sort((a, b) => a.header.createdAt.localeCompare(b.header.createdAt) || (a.header.parent ? 1 : -1));
  };
  const streamed = () => (server?.requests ?? []).filter((request) => request.stream) as unknown as { messages: ChatMessage[] }[];

  async function serve(turns: ScriptedTurn[]) {
    await server?.close();
    server = await startModelServer({ turns });
    return server.url;
  }

  it('continues a recorded run by id prefix: the model gets the earlier conversation, and it is recorded as a child at the last step', async () => {
    let url = await serve([EDIT, FINISH]);
    const first = await crux('run', '-w', repo.root, '-t', 'Fix add.', '--model-url', url, '-y');
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /crux: follow up with: crux run -w \S+ --continue last -t '\.\.\.'/);
    const [parent] = await runs();
    assert.ok(parent);
    const earlier = streamed().at(-1)?.messages ?? [];

    url = await serve([READ, FINISH]);
    const second = await crux('run', '-w', repo.root, '--continue', parent.header.runId.slice(0, 8), '-t', 'Now check it.', '--model-url', url, '-y');
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, new RegExp(`continuing run ${parent.header.runId} after step 2 \\(finished\\)`));
    const sent = streamed()[0]?.messages ?? [];
    assert.deepEqual(sent.slice(0, earlier.length), earlier, 'the earlier prompt comes first');
    assert.equal(sent[earlier.length]?.role, 'assistant', 'then the finish call');
    assert.equal(sent[earlier.length + 1]?.role, 'tool', 'and its result');
    assert.deepEqual(sent.at(-1), { role: 'user', content: 'Now check it.' });

    const [, child] = await runs();
    assert.deepEqual(child?.header.parent, { runId: parent.header.runId, step: 2 });
    assert.equal(child?.header.task.id, parent.header.task.id);
    assert.deepEqual(child?.events.filter((event) => event.type === 'model-turn').map((event) => event.step), [3, 4]);

    // Labelled, the two runs form one tree: the continuation extends its parent's path.
    for (const [run, resolved] of [[parent, 'false'], [child, 'true']] as const) {
      assert.equal((await crux('outcome', run?.header.runId ?? '', '-w', repo.root, '--resolved', resolved)).code, 0);
    }
    const tree = await crux('tree', store(), '--format', 'json');
    assert.equal(tree.code, 0, tree.stderr);
    const [task] = (JSON.parse(tree.stdout) as { tasks: TaskTreeJson[] }).tasks;
    let node = task?.root;
    const visits: number[] = [];
    while (node) {
      visits.push(node.visits);
      node = node.children[0];
    }
    assert.deepEqual(visits, [2, 2, 2, 1, 1], 'root, two shared steps, then the continuation alone');
    const pairs = await crux('pairs', store(), '--out', join(config.path, 'pairs.jsonl'));
    assert.equal(pairs.code, 0, pairs.stderr);
    assert.match(pairs.stdout, /2 runs of 1 task; 2 kept/);

    // A continuation of the continuation, from its file.
    url = await serve([FINISH]);
    const third = await crux('run', '-w', repo.root, '--continue', join(store(), `${child?.header.runId}.jsonl`), '-t', 'Thanks, wrap up.', '--model-url', url, '-y');
    assert.equal(third.code, 0, third.stdout + third.stderr);
    assert.equal((streamed()[0]?.messages ?? []).filter((message) => message.role === 'assistant').length, 4);

    // `--continue last`: the latest run of the latest conversation (the third run).
    url = await serve([FINISH]);
    const fourth = await crux('run', '-w', repo.root, '--continue', 'last', '-t', 'One more thing.', '--model-url', url, '-y');
    assert.equal(fourth.code, 0, fourth.stdout + fourth.stderr);
    const all = await runs();
    const thirdRun = all.find((run) => run.header.parent?.runId === child?.header.runId);
    const fourthRun = all.find((run) => run.header.parent?.runId === thirdRun?.header.runId);
    assert.ok(thirdRun && fourthRun, 'the fourth run is a child of the third');
    assert.equal((streamed()[0]?.messages ?? []).filter((message) => message.role === 'assistant').length, 5);
    assert.deepEqual(streamed()[0]?.messages.at(-1), { role: 'user', content: 'One more thing.' });
  });

  it('refuses to continue an unknown run or a run of another repository, before calling the model', async () => {
    const url = await serve([FINISH]);
    const unknown = await crux('run', '-w', repo.root, '--continue', 'nosuchrun', '-t', 'x', '--model-url', url);
    assert.equal(unknown.code, 2, unknown.stdout + unknown.stderr);
    assert.match(unknown.stderr, /cannot continue nosuchrun: no run "nosuchrun"/);
    const none = await crux('run', '-w', repo.root, '--continue', 'last', '-t', 'x', '--model-url', url);
    assert.equal(none.code, 2, none.stdout + none.stderr);
    assert.match(none.stderr, /cannot continue last: no recorded run of this workspace to continue/);
    const foreign = join(config.path, 'foreign.jsonl');
    writeFileSync(foreign, `${JSON.stringify({
      kind: 'header', format: 'crux.trajectory/1', runId: 'foreign', createdAt: '2026-01-01T00:00:00Z', task: { id: 't', text: 'x' },
      repository: { remote: 'github.com/someone/else', commit: null }, model: { name: 'm', serverKind: 'vllm', serverUrl: null },
      sampling: {}, toolFormat: 'native', tools: [], maxSteps: 5, cruxVersion: '0', consent: 'local', parent: null,
      source: { agent: 'crux', format: 'crux.trajectory/1', file: null },
    })}\n`);
    const other = await crux('run', '-w', repo.root, '--continue', foreign, '-t', 'x', '--model-url', url);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /it ran in github.com\/someone\/else/);
    assert.equal(streamed().length, 0);
  });

  it("puts AGENTS.md and .clinerules into the system prompt, says so, and records them", async () => {
    writeFileSync(join(repo.root, 'AGENTS.md'), 'Always run node test.js after an edit.\n');
    writeFileSync(join(repo.root, '.clinerules'), 'Never touch package.json.\n');
    const url = await serve([EDIT, FINISH]);
    const result = await crux('run', '-w', repo.root, '-t', 'Fix add in @calc.js', '--model-url', url, '-y');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /project rules: AGENTS.md, \.clinerules/);
    assert.match(result.stdout, /attached @calc.js \(file, \d+ characters\)/);
    assert.match(String(streamed()[0]?.messages[1]?.content), /<context kind="file" name="calc.js">\n/);
    const system = String(streamed()[0]?.messages[0]?.content);
    assert.match(system, /<rules file="AGENTS.md">\nAlways run node test.js after an edit.\n<\/rules>/);
    assert.match(system, /Never touch package.json/);
    const [run] = await runs();
    assert.deepEqual(run?.header.rules?.map((rule) => rule.path), ['AGENTS.md', '.clinerules']);

    const none = await crux('run', '-w', repo.root, '-t', 'x', '--model-url', await serve([FINISH]), '-y', '--no-rules');
    assert.equal(none.code, 0);
    assert.doesNotMatch(String(streamed()[0]?.messages[0]?.content), /Always run/);
  });

  it('uses the tools of MCP servers from --mcp-config, asking unless allowed, and goes on when one fails to start', async () => {
    const mcpConfig = join(config.path, 'mcp.json');
    writeFileSync(mcpConfig, JSON.stringify({
      mcpServers: { test: stdioServerCommand(), broken: { command: process.execPath, args: ['-e', 'process.exit(4)'] } },
    }));
    const url = await serve([
      { toolCalls: [{ name: 'mcp__test__echo', arguments: { text: 'hello' } }] },
      { toolCalls: [{ name: 'mcp__test__fail', arguments: {} }] },
      FINISH,
    ]);
    // No terminal to ask in: what is not allowed is denied.
    const result = await crux('run', '-w', repo.root, '-t', 'x', '--model-url', url, '--mcp-config', mcpConfig, '--mcp-allow', 'test/echo', '--loop-policy', 'warn');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /MCP server test: 5 tools \(mcp__test__echo, /);
    assert.match(result.stdout, /warning: the MCP server "broken" failed to start/);
    const requests = streamed();
    assert.deepEqual(requests[1]?.messages.at(-1), { role: 'tool', tool_call_id: (requests[1]?.messages.at(-2) as { tool_calls: { id: string }[] }).tool_calls[0]?.id, content: 'echo: hello' });
    assert.match(String(requests[2]?.messages.at(-1)?.content), /did not allow/);
    const [run] = await runs();
    assert.ok(run?.header.tools.some((tool) => tool.name === 'mcp__test__echo'));
    const observations = run?.events.filter((event) => event.type === 'observation').map((event) => event.type === 'observation' && event.name);
    assert.deepEqual(observations, ['mcp__test__echo', 'mcp__test__fail', 'finish']);

    const bad = join(config.path, 'bad.json');
    writeFileSync(bad, '{"servers": {"x": {"type": "sse", "url": "http://127.0.0.1:1"}}}');
    const refused = await crux('run', '-w', repo.root, '-t', 'x', '--model-url', url, '--mcp-config', bad);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /SSE transport is not supported/);
  });
});
