// A workspace's .vscode/mcp.json is repository-controlled: starting its servers runs commands a
// cloned repository chose. Crux starts them only after the user trusted that exact file
// (its sha256, kept in the workspace state): a changed file must be trusted again. A run asks
// once per version of the file (the run waits on the answer); a "Don't Start" is remembered for
// that version, so later runs go on without asking until the file changes or the user runs
// "Crux: Trust This Workspace's MCP Servers".
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { McpConfigError, parseMcpConfig, type McpServerConfig } from '../../src/mcp/config';

const TRUSTED_KEY = 'crux.mcp.trustedWorkspaceConfig';
const DECLINED_KEY = 'crux.mcp.declinedWorkspaceConfig';

export type WorkspaceMcp =
  | { kind: 'none' }
  | { kind: 'trusted'; servers: McpServerConfig[] }
  /** declined: the user said no to this version of the file. */
  | { kind: 'untrusted'; names: string[]; declined: boolean }
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
    const version = hash(text);
    if (this.state.get<string>(TRUSTED_KEY) === version) return { kind: 'trusted', servers };
    return { kind: 'untrusted', names: servers.map((server) => server.name), declined: this.state.get<string>(DECLINED_KEY) === version };
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
    // A quick pick that stays open when the focus moves: a run waits on the answer. (Not a
    // notification, which hides itself while the run waits, nor a modal dialog, which VS Code
    // refuses to show under its test drivers.)
    const trustItem: vscode.QuickPickItem = { label: '$(check) Trust and Start', description: 'this version of the file', detail: what };
    const declineItem: vscode.QuickPickItem = { label: '$(circle-slash) Don\'t Start', description: 'not asked again until the file changes' };
    const choice = await vscode.window.showQuickPick([trustItem, declineItem], {
      title: 'Start the MCP servers this workspace defines in .vscode/mcp.json?',
      placeHolder: 'Crux will run these commands on your machine: trust them only if you trust this repository',
      ignoreFocusOut: true,
    });
    // Escape is "not now": asked again next time; "Don't Start" is remembered for this version.
    if (choice === declineItem) await this.state.update(DECLINED_KEY, hash(text));
    if (choice !== trustItem) return false;
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
