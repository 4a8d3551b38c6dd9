// A workspace's .vscode/mcp.json is repository-controlled: starting its servers runs commands a
// cloned repository chose. Crux starts them only after the user trusted that exact file
// (its sha256, kept in the workspace state): a changed file must be trusted again.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { McpConfigError, parseMcpConfig, type McpServerConfig } from '../../src/mcp/config';

const TRUSTED_KEY = 'crux.mcp.trustedWorkspaceConfig';

export type WorkspaceMcp =
  | { kind: 'none' }
  | { kind: 'trusted'; servers: McpServerConfig[] }
  | { kind: 'untrusted'; names: string[] }
  | { kind: 'invalid'; problem: string };

export class WorkspaceMcpTrust {
  constructor(private readonly state: vscode.Memento) {}

  static configPath(root: string): string {
    return join(root, '.vscode', 'mcp.json');
  }

  async read(root: string): Promise<WorkspaceMcp> {
    const text = await readFile(WorkspaceMcpTrust.configPath(root), 'utf8').catch(() => null);
    if (text === null) return { kind: 'none' };
    let servers: McpServerConfig[];
    try {
      servers = parseMcpConfig(text, { workspaceFolder: root, source: '.vscode/mcp.json' });
    } catch (error) {
      if (error instanceof McpConfigError) return { kind: 'invalid', problem: error.message };
      throw error;
    }
    if (this.state.get<string>(TRUSTED_KEY) === hash(text)) return { kind: 'trusted', servers };
    return { kind: 'untrusted', names: servers.map((server) => server.name) };
  }

  /** Asks the user (showing what would run) and remembers a yes for this exact file. */
  async askToTrust(root: string): Promise<boolean> {
    const text = await readFile(WorkspaceMcpTrust.configPath(root), 'utf8').catch(() => null);
    if (text === null) {
      void vscode.window.showInformationMessage('This workspace has no .vscode/mcp.json.');
      return false;
    }
    let servers: McpServerConfig[];
    try {
      servers = parseMcpConfig(text, { workspaceFolder: root, source: '.vscode/mcp.json' });
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
      return false;
    }
    const what = servers.map((server) => (server.kind === 'stdio' ? `${server.name}: ${[server.command, ...server.args].join(' ')}` : `${server.name}: ${server.url}`)).join('; ');
    const answer = await vscode.window.showWarningMessage(
      `Start the MCP servers this workspace defines? Crux will run these commands on your machine: ${what}`,
      'Trust and Start', 'Cancel',
    );
    if (answer !== 'Trust and Start') return false;
    await this.state.update(TRUSTED_KEY, hash(text));
    return true;
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** "Crux: Trust This Workspace's MCP Servers". */
export function registerMcpTrustCommand(trust: WorkspaceMcpTrust, workspaceRoot: () => string | undefined): vscode.Disposable {
  return vscode.commands.registerCommand('crux.trustWorkspaceMcp', async () => {
    const root = workspaceRoot();
    if (!root) {
      void vscode.window.showInformationMessage('Open a folder first.');
      return false;
    }
    return trust.askToTrust(root);
  });
}
