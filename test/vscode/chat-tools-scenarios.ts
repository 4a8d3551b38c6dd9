// What the fake model says in the browser tests of the view's tools around a chat
// (chat-tools-flow.ts): a run that pauses for an approval (the context meter is read at each
// step), a task that uses the workspace's MCP server when it was started, and a task answered
// by whichever model the picker chose.
import type { ScriptedTurn } from '../support/model-server';

export const METER_TASK = 'METER: write notes/meter.txt';
export const WORKSPACE_MCP_TASK = 'WORKSPACE MCP: echo hi through the workspace server';
export const PICKER_TASK = 'PICKER: which model answers this?';
/** The server name in the workspace's .vscode/mcp.json (the user's setting names another). */
export const WORKSPACE_SERVER = 'ws';
export const WORKSPACE_TOOL = `mcp__${WORKSPACE_SERVER}__echo`;
export const WORKSPACE_MCP_ANSWERS = {
  without: 'The workspace MCP server was not started, so there is nothing to echo with.',
  with: 'The workspace MCP server echoed hi.',
};

interface Message {
  role: string;
  content: string;
}

export function chatToolsScenarioTurn(task: string, messages: Message[], tools: unknown[] | undefined): ScriptedTurn | undefined {
  const replies = messages.filter((message) => message.role === 'assistant').length;
  const finish = (summary: string): ScriptedTurn => ({ content: 'Done.', toolCalls: [{ name: 'finish', arguments: { summary } }] });
  if (task.includes(METER_TASK)) {
    if (replies === 0) return { content: 'Writing the note.', toolCalls: [{ name: 'create_file', arguments: { path: 'notes/meter.txt', content: 'metered\n' } }] };
    return finish('Wrote notes/meter.txt.');
  }
  if (task.includes(WORKSPACE_MCP_TASK)) {
    // The model calls the tool only when the request offered it.
    if (replies > 0) return finish(WORKSPACE_MCP_ANSWERS.with);
    if (!offers(tools, WORKSPACE_TOOL)) return finish(WORKSPACE_MCP_ANSWERS.without);
    return { content: 'Asking the workspace MCP server.', toolCalls: [{ name: WORKSPACE_TOOL, arguments: { text: 'hi' } }] };
  }
  if (task.includes(PICKER_TASK)) return finish('The model the picker chose answered.');
  return undefined;
}

/** Whether an OpenAI-style tools array offers this function. */
export function offers(tools: unknown[] | undefined, name: string): boolean {
  return (tools ?? []).some((tool) => (tool as { function?: { name?: unknown } }).function?.name === name);
}
