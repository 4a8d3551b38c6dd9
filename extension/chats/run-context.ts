// What an editor run is given besides the task, prepared before its agent exists: the chat's
// mode, the run it continues (a follow-up), the project rules and the MCP tools. The view is
// told what was used (chat-context) once the run started.
import type { AgentMode } from '../../src/agent/mode';
import type { Attachment } from '../../src/context/mentions';
import { loadProjectRules, type RuleFile } from '../../src/context/project-rules';
import type { Log } from '../../src/host/ports';
import type { ChatContextMessage } from '../../src/protocol';
import type { ContinuationStart } from '../../src/trajectory/continuation';
import type { McpServerPool } from '../../src/mcp/server-pool';
import { startEditorMcp, type EditorMcp } from '../mcp/editor-mcp';
import type { WorkspaceMcpTrust } from '../mcp/workspace-mcp-trust';
import type { ChatSettings } from './chat-settings';

/** How the view asked for the run: its mode and, for a follow-up, the run it continues. */
export interface ChatStart {
  mode: AgentMode;
  continuation?: ContinuationStart;
  followUp?: string;
  /** What the message's @-mentions attached (already in its text). */
  attachments?: Attachment[];
  /** Mentions that could not be resolved. */
  mentionProblems?: string[];
}

export interface EditorRunContext {
  projectRules: RuleFile[];
  mcp: EditorMcp;
}

export async function prepareEditorRunContext(
  root: string, settings: ChatSettings, mcp: { trust?: WorkspaceMcpTrust | undefined; pool?: McpServerPool | undefined }, log: Log,
): Promise<EditorRunContext> {
  const { rules, skipped } = await loadProjectRules(root, { files: settings.ruleFiles, activeFiles: settings.activeFiles });
  for (const line of skipped) log.warn(`project rules: skipped ${line}`);
  const tools = await startEditorMcp(root, settings.mcpServers, mcp, log);
  return { projectRules: rules, mcp: tools };
}

export function chatContextMessage(runId: string, chat: ChatStart, context: EditorRunContext): ChatContextMessage {
  return {
    type: 'chat-context', runId, mode: chat.mode, rules: context.projectRules.map((rule) => rule.path),
    mcpTools: context.mcp.set?.tools.map((tool) => tool.name) ?? [], mcpProblems: [...context.mcp.problems, ...(chat.mentionProblems ?? [])],
    attachments: (chat.attachments ?? []).map((item) => `@${item.label} (${item.kind}, ${item.chars.toLocaleString('en-US')} characters${item.truncated ? ', cut' : ''})`),
    continues: chat.continuation ? { runId: chat.continuation.runId, step: chat.continuation.lastStep } : null,
  };
}
