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

/** Asks for the recent chats (answered with chat-list). */
export interface ChatListRequestMessage { type: 'chat-list-request' }

export type ChatWebviewMessage = ChatSendMessage | ChatListRequestMessage;

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

/** A recorded conversation's latest run: replying to it continues the conversation. `end` null:
 * the run never ended (the window was reloaded or closed mid-run): it is interrupted. */
export interface ChatSummary { runId: string; title: string; end: string | null; steps: number | null; createdAt: string }

/** The recent chats of this workspace, newest first. */
export interface ChatListMessage { type: 'chat-list'; chats: ChatSummary[] }

/** After each model turn: the token counts the server reported (the numbers the trajectory
 * records) against the model's context window. */
export interface ContextUsageMessage {
  type: 'context-usage';
  runId: string;
  step: number;
  /** This turn: the prompt's and the reply's tokens. */
  promptTokens: number;
  completionTokens: number;
  /** Every turn of the run so far. */
  runTotalTokens: number;
  contextTokens: number;
}

export type ChatHostMessage = ChatContextMessage | ChatListMessage | ContextUsageMessage;

export const chatWebviewChecks: UnionChecks<ChatWebviewMessage> = {
  'chat-send': { text: isNonEmptyString, mode: oneOf(...CHAT_MODES), continueRunId: nullable(isNonEmptyString) },
  'chat-list-request': {},
};

export const chatHostChecks: UnionChecks<ChatHostMessage> = {
  'chat-context': {
    runId: isNonEmptyString, mode: oneOf(...CHAT_MODES), rules: arrayOf(isString), mcpTools: arrayOf(isString), mcpProblems: arrayOf(isString),
    continues: nullable(exactObject({ runId: isNonEmptyString, step: isNonNegativeInt })),
  },
  'context-usage': {
    runId: isNonEmptyString, step: isNonNegativeInt, promptTokens: isNonNegativeInt, completionTokens: isNonNegativeInt,
    runTotalTokens: isNonNegativeInt, contextTokens: isNonNegativeInt,
  },
  'chat-list': {
    chats: arrayOf(exactObject({ runId: isNonEmptyString, title: isString, end: nullable(isString), steps: nullable(isNonNegativeInt), createdAt: isString })),
  },
};
