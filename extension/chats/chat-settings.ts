// The settings of what a run is given besides the task: which project rule files go into the
// prompt, MCP servers and which MCP tools run without asking. MCP servers are read from the
// user's settings only: a workspace's settings are repository-controlled, and starting a server
// runs its command (the workspace's own .vscode/mcp.json needs the user's trust, see
// extension/mcp/workspace-mcp-trust.ts).
import * as vscode from 'vscode';
import { DEFAULT_RULE_FILES } from '../../src/context/project-rules';
import { SECTION } from '../settings';

export interface ChatSettings {
  ruleFiles: string[];
  /** The crux.mcp.servers value from the user's settings (validated when servers start). */
  mcpServers: unknown;
  allowMcpTools: string[];
  /** Workspace-relative files open in editors (the AGENTS.md nearest each applies too). */
  activeFiles: string[];
}

export function readChatSettings(): ChatSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const files = config.get<unknown>('rules.files');
  return {
    ruleFiles: Array.isArray(files) ? files.filter((item): item is string => typeof item === 'string') : [...DEFAULT_RULE_FILES],
    mcpServers: config.inspect<unknown>('mcp.servers')?.globalValue,
    allowMcpTools: stringList(config.inspect<unknown>('mcp.allowTools')?.globalValue),
    activeFiles: vscode.window.visibleTextEditors.filter((editor) => editor.document.uri.scheme === 'file')
      .map((editor) => vscode.workspace.asRelativePath(editor.document.uri, false)).filter((path) => !path.startsWith('/')),
  };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}
