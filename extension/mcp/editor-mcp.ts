// The MCP tools of one editor run: the servers of the user's crux.mcp.servers setting, and
// those of the workspace's .vscode/mcp.json once the user trusted it (asked here, before the run,
// for a version of the file not yet answered). Each problem (a bad
// setting, an untrusted file, a server that failed to start) is one line for the view; the run
// goes on without those tools.
import type { Log } from '../../src/host/ports';
import { McpConfigError, mcpServersOf, type McpServerConfig } from '../../src/mcp/config';
import { startMcpServers, type McpToolSet } from '../../src/mcp/mcp-tools';
import type { McpServerPool } from '../../src/mcp/server-pool';
import type { WorkspaceMcpTrust } from './workspace-mcp-trust';

export interface EditorMcp {
  set: McpToolSet | null;
  problems: string[];
}

/** `pool`: the window's running servers, kept between runs (without it, they start for this run). */
export async function startEditorMcp(
  root: string, userServers: unknown, { trust, pool }: { trust?: WorkspaceMcpTrust | undefined; pool?: McpServerPool | undefined }, log: Log,
): Promise<EditorMcp> {
  const servers: McpServerConfig[] = [];
  const problems: string[] = [];
  if (userServers !== undefined && userServers !== null) {
    try {
      servers.push(...mcpServersOf(userServers, { workspaceFolder: root, source: 'the crux.mcp.servers setting' }));
    } catch (error) {
      if (!(error instanceof McpConfigError)) throw error;
      problems.push(error.message);
    }
  }
  let workspace = trust ? await trust.read(root) : { kind: 'none' as const };
  if (trust && workspace.kind === 'untrusted' && !workspace.declined) {
    // A question that cannot be asked leaves the servers off; it does not fail the run.
    const trusted = await trust.askToTrust(root).catch((error: unknown) => {
      problems.push(`Could not ask whether to trust .vscode/mcp.json: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    });
    if (trusted) workspace = await trust.read(root);
  }
  if (workspace.kind === 'trusted') {
    for (const server of workspace.servers) {
      // The user's own server of that name wins; the workspace's is left out, and said so.
      if (servers.some((other) => other.name === server.name)) {
        problems.push(`The MCP server "${server.name}" of .vscode/mcp.json was not started: your crux.mcp.servers setting has a server of that name.`);
      } else {
        servers.push(server);
      }
    }
  } else if (workspace.kind === 'invalid') problems.push(workspace.problem);
  else if (workspace.kind === 'untrusted') {
    problems.push(`This workspace's .vscode/mcp.json defines MCP servers (${workspace.names.join(', ')}) that were not started: you did not trust this version of the file (starting them runs commands from the repository). Run "Crux: Trust This Workspace's MCP Servers" to allow them.`);
  }
  if (servers.length === 0) return { set: null, problems };
  const set = pool ? await pool.toolSet(servers) : await startMcpServers(servers, { log });
  problems.push(...set.errors);
  return { set, problems };
}
