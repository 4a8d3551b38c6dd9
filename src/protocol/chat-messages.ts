// Conversations in the agent view: a message continues the chat's last run (a follow-up) or
// starts a new one, in act or ask mode; New Chat starts afresh; the host says what a run was
// given besides the task (project rules, MCP tools) and which run it continues.
import { arrayOf, exactObject, isNonEmptyString, isNonNegativeInt, isString, nullable, oneOf } from './checks';
import type { UnionChecks } from './union';

export type ChatMode = 'act' | 'ask';
export const CHAT_MODES: readonly ChatMode[] = ['act', 'ask'];

/** The user's message: a new run, or (continueRunId set) a follow-up that continues that run's
 * conversation after however it ended. */
export interface ChatSendMessage { type: 'chat-send'; text: string; mode: ChatMode; continueRunId: string | null }

export type ChatWebviewMessage = ChatSendMessage;

/** Sent after run-info: what the run was given besides the task. */
export interface ChatContextMessage {
  type: 'chat-context';
  runId: string;
  mode: ChatMode;
  /** Workspace-relative paths of the project rule files in the system prompt. */
  rules: string[];
  /** MCP tools offered, as the model sees their names. */
  mcpTools: string[];
  /** MCP servers that could not be used, one line each. */
  mcpProblems: string[];
  /** The run this one continues and its last step; null for a new conversation. */
  continues: { runId: string; step: number } | null;
}

export type ChatHostMessage = ChatContextMessage;

export const chatWebviewChecks: UnionChecks<ChatWebviewMessage> = {
  'chat-send': { text: isNonEmptyString, mode: oneOf(...CHAT_MODES), continueRunId: nullable(isNonEmptyString) },
};

export const chatHostChecks: UnionChecks<ChatHostMessage> = {
  'chat-context': {
    runId: isNonEmptyString, mode: oneOf(...CHAT_MODES), rules: arrayOf(isString), mcpTools: arrayOf(isString), mcpProblems: arrayOf(isString),
    continues: nullable(exactObject({ runId: isNonEmptyString, step: isNonNegativeInt })),
  },
};
