// The editor's MCP servers kept between runs, against the real SDK test server over stdio: the
// next run reuses a running server, a crashed one is started again, a changed or removed one is
// closed, and idle servers close by themselves.
import { strict as assert } from 'node:assert';
import type { Log } from '../../src/host/ports';
import type { McpServerConfig } from '../../src/mcp/config';
import type { McpToolSet } from '../../src/mcp/mcp-tools';
import { McpServerPool } from '../../src/mcp/server-pool';
import { DEFAULT_TOOL_LIMITS } from '../../src/tools/types';
import { stdioServerCommand } from '../support/mcp-server';

function stdioConfig(name: string, env: Record<string, string> = {}): McpServerConfig {
  return { kind: 'stdio', name, ...stdioServerCommand(), env };
}

async function call(set: McpToolSet, name: string, args: Record<string, unknown> = {}) {
  const tool = set.tools.find((candidate) => candidate.name === name);
  assert.ok(tool, `no tool ${name}`);
  return tool.execute(args, { workspace: null as never, terminal: null as never, limits: DEFAULT_TOOL_LIMITS, signal: new AbortController().signal });
}

describe('MCP servers kept between the runs of a window', function () {
  this.timeout(60_000);
  const lines: string[] = [];
  const log: Log = { debug: () => undefined, info: (line) => lines.push(line), warn: (line) => lines.push(line), error: (line) => lines.push(line) };
  let pool: McpServerPool;

  beforeEach(() => {
    lines.length = 0;
    pool = new McpServerPool({ log });
  });
  afterEach(() => pool.close());

  it('the next run reuses a running server; one that crashed is started again', async () => {
    const first = await pool.toolSet([stdioConfig('test')]);
    assert.equal((await call(first, 'mcp__test__echo', { text: 'one' })).output, 'echo: one');
    await first.close();
    const second = await pool.toolSet([stdioConfig('test')]);
    assert.ok(lines.includes('MCP server "test": kept running from an earlier run'), lines.join('\n'));
    assert.equal((await call(second, 'mcp__test__echo', { text: 'two' })).output, 'echo: two', 'the first run closing its set left the server running');
    const crashed = await call(second, 'mcp__test__crash');
    assert.equal(crashed.isError, true);
    await second.close();
    const third = await pool.toolSet([stdioConfig('test')]);
    assert.ok(lines.some((line) => line === 'MCP server "test": closed (it stopped)'), lines.join('\n'));
    assert.equal((await call(third, 'mcp__test__echo', { text: 'three' })).output, 'echo: three', 'started again');
    await third.close();
  });

  it('a server whose configuration changed or that is no longer configured is closed', async () => {
    const first = await pool.toolSet([stdioConfig('a'), stdioConfig('b')]);
    assert.deepEqual(first.servers.map((server) => server.name), ['a', 'b']);
    const a = first.tools.find((tool) => tool.name === 'mcp__a__echo');
    await first.close();
    const second = await pool.toolSet([stdioConfig('a', { CHANGED: '1' })]);
    assert.deepEqual(second.servers.map((server) => server.name), ['a']);
    assert.ok(lines.includes('MCP server "a": closed (its configuration changed or it is no longer configured)'));
    assert.ok(lines.includes('MCP server "b": closed (its configuration changed or it is no longer configured)'));
    const stale = await a?.execute({ text: 'x' }, { workspace: null as never, terminal: null as never, limits: DEFAULT_TOOL_LIMITS, signal: new AbortController().signal });
    assert.match(stale?.output ?? '', /not running/, 'the old server is gone');
    await second.close();
  });

  it('a server that fails to start is reported and tried again next run; idle servers close', async () => {
    const idle = new McpServerPool({ log, idleMs: 200 });
    try {
      const broken: McpServerConfig = { kind: 'stdio', name: 'broken', command: process.execPath, args: ['-e', 'process.exit(4)'], env: {} };
      const set = await idle.toolSet([broken, stdioConfig('ok')]);
      assert.equal(set.errors.length, 1);
      assert.match(set.errors[0] ?? '', /"broken" failed to start/);
      const tool = set.tools.find((candidate) => candidate.name === 'mcp__ok__echo');
      await set.close();
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.ok(lines.includes('MCP servers: closed after sitting idle'), lines.join('\n'));
      const after = await tool?.execute({ text: 'x' }, { workspace: null as never, terminal: null as never, limits: DEFAULT_TOOL_LIMITS, signal: new AbortController().signal });
      assert.match(after?.output ?? '', /not running/);
      const again = await idle.toolSet([broken]);
      assert.equal(again.errors.length, 1, 'tried again, not remembered as started');
      await again.close();
    } finally {
      await idle.close();
    }
  });
});
