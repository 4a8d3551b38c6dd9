// What the fake model says in the browser tests of conversations: an ask-mode question answered
// in prose, a follow-up answered with the earlier conversation in the prompt, and an MCP tool call.
import type { ScriptedTurn } from '../support/model-server';

export const CHAT_TASK = 'CHAT: what does add() in math.js do?';
export const CHAT_FOLLOW_UP = 'And what does test.js check?';
export const CHAT_ANSWERS = {
  first: 'add() in math.js subtracts: it returns a - b.',
  second: 'test.js checks that add(2, 3) is 5.',
};
export const MCP_TASK = 'MCP: echo hello through the test server';
/** A run the window is reloaded in the middle of (while its command waits for approval). */
export const RELOAD_TASK = 'RELOAD: run the tests, then say how they went';
export const RELOAD_ANSWER = 'Resumed after the reload: the tests ran.';

interface Message {
  role: string;
  content: string;
}

export function chatScenarioTurn(task: string, messages: Message[]): ScriptedTurn | undefined {
  const replies = messages.filter((message) => message.role === 'assistant').length;
  if (task.includes(CHAT_TASK)) {
    if (replies === 0) return { content: 'Reading math.js.', toolCalls: [{ name: 'read_file', arguments: { path: 'math.js' } }] };
    const followedUp = messages.some((message) => message.role === 'user' && message.content === CHAT_FOLLOW_UP);
    return { content: followedUp ? CHAT_ANSWERS.second : CHAT_ANSWERS.first };
  }
  if (task.includes(RELOAD_TASK)) {
    // The resumed run (RESUME_TEXT in extension/chats/chat-service.ts) finishes at once.
    if (messages.some((message) => message.role === 'user' && message.content.includes('window was reloaded or closed'))) {
      return { content: 'Carrying on.', toolCalls: [{ name: 'finish', arguments: { summary: RELOAD_ANSWER } }] };
    }
    return { content: 'Running the tests first.', toolCalls: [{ name: 'run_command', arguments: { command: 'node test.js' } }] };
  }
  if (task.includes(MCP_TASK)) {
    if (replies === 0) return { content: 'Asking the MCP server.', toolCalls: [{ name: 'mcp__test__echo', arguments: { text: 'hello' } }] };
    return { content: 'Done.', toolCalls: [{ name: 'finish', arguments: { summary: 'The MCP server echoed hello.' } }] };
  }
  return undefined;
}
