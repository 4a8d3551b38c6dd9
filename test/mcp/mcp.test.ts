// MCP tools through the official SDK, against a real SDK server (test/support/mcp-server.ts)
// over stdio and Streamable HTTP: configuration in both shapes, tools as Tools, approvals,
// recording, ask mode, and servers that fail to start, crash or hang.
import { strict as assert } from 'node:assert';
import { McpConfigError, mcpServersOf, parseMcpConfig, type McpServerConfig } from '../../src/mcp/config';
import { startMcpServers, type McpToolSet } from '../../src/mcp/mcp-tools';
import { DEFAULT_TOOL_LIMITS } from '../../src/tools/types';
import { ScriptedApprovals, createAgent } from '../support/agent-harness';
import { BUGGY_CALC, createGitRepo, type GitFixture } from '../support/git-fixture';
import { startHttpMcpServer, stdioServerCommand, type HttpMcpServer } from '../support/mcp-server';
import { startModelServer, type ModelServer } from '../support/model-server';
import { headerRecord } from '../../src/trajectory/event-records';

function stdioConfig(name = 'test', env: Record<string, string> = {}): McpServerConfig {
  return { kind: 'stdio', name, ...stdioServerCommand(), env };
}

async function call(set: McpToolSet, name: string, args: Record<string, unknown> = {}) {
  const tool = set.tools.find((candidate) => candidate.name === name);
  assert.ok(tool, `no tool ${name}`);
  return tool.execute(args, { workspace: null as never, terminal: null as never, limits: DEFAULT_TOOL_LIMITS, signal: new AbortController().signal });
}

describe('MCP configuration', () => {
  it("reads VS Code's mcp.json shape (JSONC) and the mcpServers shape", () => {
    const vscode = parseMcpConfig(`{
      // a comment, as VS Code allows
      "servers": {
        "files": { "type": "stdio", "command": "node", "args": ["\${workspaceFolder}/s.js"], "env": { "A": "1" } },
        "web": { "type": "http", "url": "http://127.0.0.1:9/mcp", "headers": { "X": "y" } },
      },
    }`, { workspaceFolder: '/ws' });
    assert.deepEqual(vscode, [
      { kind: 'stdio', name: 'files', command: 'node', args: ['/ws/s.js'], env: { A: '1' } },
      { kind: 'http', name: 'web', url: 'http://127.0.0.1:9/mcp', headers: { X: 'y' } },
    ]);
    const claude = mcpServersOf({ mcpServers: { a: { command: 'npx', args: ['x'] }, b: { url: 'https://example.com/mcp' } } });
    assert.deepEqual(claude.map((server) => server.kind), ['stdio', 'http']);
  });

  it('says what is wrong, naming the server and the field', () => {
    const cases: [string, RegExp][] = [
      ['{', /not valid JSON/],
      ['[]', /must be a JSON object/],
      ['{"other": {}}', /neither "servers"/],
      ['{"servers": {"a": {"type": "sse", "url": "http://x"}}}', /"a".*SSE transport is not supported/],
      ['{"servers": {"a": {"type": "stdio"}}}', /"a".*"command" must be a non-empty string/],
      ['{"servers": {"a": {"command": "x", "args": [1]}}}', /"args" must be a list of strings/],
      ['{"servers": {"a": {"url": "ftp://x"}}}', /must be http or https/],
      ['{"servers": {"a b": {"command": "x"}}}', /server name may hold only/],
      ['{"servers": {"a": {"type": "ws", "url": "ws://x"}}}', /unknown "type"/],
    ];
    for (const [text, expected] of cases) assert.throws(() => parseMcpConfig(text, { source: 'mcp.json' }), (error: Error) => error instanceof McpConfigError && expected.test(error.message), text);
  });
});

describe('MCP servers through the SDK', function () {
  this.timeout(60_000);
  let set: McpToolSet | undefined;
  let http: HttpMcpServer | undefined;
  afterEach(async () => {
    await set?.close();
    await http?.close();
    set = undefined;
    http = undefined;
  });

  it('lists and calls the tools of a stdio server', async () => {
    set = await startMcpServers([stdioConfig()]);
    assert.deepEqual(set.errors, []);
    assert.deepEqual(set.servers, [{ name: 'test', tools: ['mcp__test__echo', 'mcp__test__add', 'mcp__test__fail', 'mcp__test__hang', 'mcp__test__crash'] }]);
    assert.deepEqual(await call(set, 'mcp__test__echo', { text: 'hi' }), { output: 'echo: hi', isError: false, truncated: false });
    assert.equal((await call(set, 'mcp__test__add', { a: 2, b: 3 })).output, '5');
    assert.deepEqual(await call(set, 'mcp__test__fail'), { output: 'the tool failed on purpose', isError: true, truncated: false });
    const add = set.tools.find((tool) => tool.name === 'mcp__test__add');
    assert.equal(add?.readOnly, true);
    assert.equal(add?.risk({}), 'read');
    assert.equal(set.tools.find((tool) => tool.name === 'mcp__test__echo')?.risk({}), 'execute');
  });

  it('calls the tools of a Streamable HTTP server', async () => {
    http = await startHttpMcpServer();
    set = await startMcpServers([{ kind: 'http', name: 'web', url: http.url, headers: {} }]);
    assert.deepEqual(set.errors, []);
    assert.equal((await call(set, 'mcp__web__echo', { text: 'over http' })).output, 'echo: over http');
    assert.deepEqual(http.calls, [{ tool: 'echo', args: { text: 'over http' } }]);
  });

  it('reports a server that exits or hangs at start, and starts the others', async () => {
    set = await startMcpServers([
      stdioConfig('exits', { MCP_TEST_BEHAVIOUR: 'exit-at-start' }),
      stdioConfig('hangs', { MCP_TEST_BEHAVIOUR: 'hang-at-start' }),
      { kind: 'stdio', name: 'missing', command: '/no/such/program', args: [], env: {} },
      { kind: 'http', name: 'nobody', url: 'http://127.0.0.1:9/mcp', headers: {} },
      stdioConfig('good'),
    ], { timeouts: { startMs: 10_000, callMs: 2_000 } });
    assert.deepEqual(set.servers.map((server) => server.name), ['good'], set.errors.join('\n'));
    const errors = set.errors.join('\n');
    assert.match(errors, /"exits" failed to start: .*cannot start: missing configuration/);
    assert.match(errors, /"hangs" failed to start: did not answer within 10 s/);
    assert.match(errors, /"missing" failed to start/);
    assert.match(errors, /"nobody" failed to start/);
  });

  it('turns a hung call and a crashed server into errors, and later calls fail at once', async () => {
    set = await startMcpServers([stdioConfig()], { timeouts: { startMs: 20_000, callMs: 1_500 } });
    const hung = await call(set, 'mcp__test__hang');
    assert.equal(hung.isError, true);
    assert.match(hung.output, /"test" failed on hang: .*timed out/i);
    const crashed = await call(set, 'mcp__test__crash');
    assert.equal(crashed.isError, true);
    assert.match(crashed.output, /"test"/);
    const after = await call(set, 'mcp__test__echo', { text: 'x' });
    assert.match(after.output, /"test" is not running: it stopped.*crashing on purpose/);
  });
});

describe('Agent with MCP tools', function () {
  this.timeout(60_000);
  let repo: GitFixture;
  let server: ModelServer;
  let set: McpToolSet;

  beforeEach(async () => {
    repo = createGitRepo(BUGGY_CALC);
    set = await startMcpServers([stdioConfig()]);
  });
  afterEach(async () => {
    await server.close();
    await set.close();
    repo.remove();
  });

  it('asks before an MCP tool runs (whatever it says of itself), records its schema and result', async () => {
    server = await startModelServer({
      turns: [
        { toolCalls: [{ name: 'mcp__test__add', arguments: { a: 1, b: 2 } }] },
        { toolCalls: [{ name: 'mcp__test__echo', arguments: { text: 'x' } }] },
        { toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }] },
      ],
    });
    const approvals = new ScriptedApprovals([{ kind: 'approve' }, { kind: 'deny', reason: 'no' }]);
    const { agent, events } = await createAgent(server, repo.root, { approvals, approvalSettings: { mode: 'auto-reads' }, extraTools: set.tools });
    await agent.run('use the tools');
    assert.deepEqual(approvals.asked.map((request) => request.tool), ['mcp__test__add', 'mcp__test__echo']);
    const results = events.flatMap((event) => (event.type === 'tool-result' ? [[event.name, event.output, event.isError] as const] : []));
    assert.deepEqual(results[0], ['mcp__test__add', '3', false]);
    assert.equal(results[1]?.[2], true, 'denied');
    const started = events.find((event) => event.type === 'run-started');
    assert.ok(started?.type === 'run-started');
    const header = headerRecord(started, { createdAt: '', taskId: 't', repository: { remote: null, commit: null }, consent: 'local', parent: null, source: { agent: 'crux', format: '', file: null } });
    assert.ok(header.tools.some((tool) => tool.name === 'mcp__test__echo' && JSON.stringify(tool.parameters).includes('"text"')));
  });

  it('runs an allowed server without asking, and offers only read-only MCP tools in ask mode', async () => {
    server = await startModelServer({ turns: [{ toolCalls: [{ name: 'mcp__test__add', arguments: { a: 1, b: 2 } }] }, { content: 'It is 3.' }] });
    const approvals = new ScriptedApprovals([]);
    const { agent } = await createAgent(server, repo.root, { approvals, approvalSettings: { mode: 'auto-reads', allowMcpTools: ['test'] }, extraTools: set.tools, config: { mode: 'ask' } });
    const result = await agent.run('what is 1 + 2?');
    assert.equal(result.summary, 'It is 3.');
    assert.deepEqual(approvals.asked, []);
    const offered = ((server.requests.find((request) => request.stream) as { tools?: { function: { name: string } }[] }).tools ?? []).map((tool) => tool.function.name);
    assert.ok(offered.includes('mcp__test__add'));
    assert.ok(!offered.includes('mcp__test__echo'));
  });
});
