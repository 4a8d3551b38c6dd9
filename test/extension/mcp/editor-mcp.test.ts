// The MCP servers of an editor run: the user's setting and a trusted workspace mcp.json, started
// through the window's pool (the real SDK test server over stdio). A workspace server with the
// name of one of the user's is left out, and the run is told so.
import { strict as assert } from 'node:assert';
import { startEditorMcp } from '../../../extension/mcp/editor-mcp';
import type { WorkspaceMcpTrust } from '../../../extension/mcp/workspace-mcp-trust';
import { silentLog } from '../../../src/host/ports';
import { McpServerPool } from '../../../src/mcp/server-pool';
import { stdioServerCommand } from '../../support/mcp-server';

describe('editor MCP: the setting and a trusted workspace mcp.json', function () {
  this.timeout(60_000);
  const pool = new McpServerPool();
  after(() => pool.close());

  it('starts both, the user\'s server winning a name both use, and says which was left out', async () => {
    const command = stdioServerCommand();
    // The trust of this version of the file was given (see workspace-mcp-trust.ts).
    const trust = {
      read: async () => ({ kind: 'trusted' as const, servers: [{ kind: 'stdio' as const, name: 'test', ...command, env: { FROM: 'workspace' } }, { kind: 'stdio' as const, name: 'ws', ...command, env: {} }] }),
      askToTrust: async () => true,
    } as unknown as WorkspaceMcpTrust;
    const mcp = await startEditorMcp('/tmp', { servers: { test: command } }, { trust, pool }, silentLog);
    try {
      assert.deepEqual(mcp.set?.servers.map((server) => server.name), ['test', 'ws']);
      assert.deepEqual(mcp.problems, ['The MCP server "test" of .vscode/mcp.json was not started: your crux.mcp.servers setting has a server of that name.']);
    } finally {
      await mcp.set?.close();
    }
  });
});
