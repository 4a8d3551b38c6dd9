// Conversations in the agent view: a message continues the chat's last run (a follow-up) or
// starts a new one, in act or ask mode; New Chat starts afresh; the host says what a run was
// given besides the task (project rules, MCP tools) and which run it continues.
import { arrayOf, exactObject, isBoolean, isNonEmptyString, isNonNegativeInt, isString, nullable, oneOf } from './checks';
import type { HostMessage } from './to-webview';
import type { UnionChecks } from './union';

export type ChatMode = 'act' | 'ask';
export const CHAT_MODES: readonly ChatMode[] = ['act', 'ask'];

/** The user's message: a new run, or (continueRunId set) a follow-up that continues that run's
 * conversation after however it ended. */
export interface ChatSendMessage { type: 'chat-send'; text: string; mode: ChatMode; continueRunId: string | null }

/** Asks for the recent chats (answered with chat-list). */
export interface ChatListRequestMessage { type: 'chat-list-request' }

/** Files and folders of the workspace whose path holds `query`, for @-mention autocomplete. */
export interface MentionSuggestMessage { type: 'mention-suggest'; query: string }

/** Asks which models the server serves (answered with models). */
export interface ModelsRequestMessage { type: 'models-request' }
/** Use this model from now on (the crux.model setting). */
export interface ChooseModelMessage { type: 'choose-model'; model: string }

/** Show this recorded conversation (a chat picked from Recent chats): answered with
 * chat-transcript; the next message continues it. */
export interface ChatOpenMessage { type: 'chat-open'; runId: string }
/** Continue a run that was interrupted (the window was reloaded or closed mid-run) where it
 * stopped, in its own mode. */
export interface ChatResumeMessage { type: 'chat-resume'; runId: string }

export type ChatWebviewMessage =
  | ChatSendMessage | ChatListRequestMessage | MentionSuggestMessage | ModelsRequestMessage | ChooseModelMessage | ChatOpenMessage | ChatResumeMessage;

/** Sent after run-info: what the run was given besides the task. */
export interface ChatContextMessage {
  type: 'chat-context';
  runId: string;
  mode: ChatMode;
  /** Workspace-relative paths of the project rule files in the system prompt. */
  rules: string[];
  /** MCP tools offered, as the model sees their names. */
  mcpTools: string[];
  /** MCP servers that could not be used, and mentions that could not be resolved, one line each. */
  mcpProblems: string[];
  /** What the message's @-mentions attached, one line each (the text is in the message). */
  attachments: string[];
  /** The run this one continues and its last step; null for a new conversation. */
  continues: { runId: string; step: number } | null;
}

/** A recorded conversation's latest run: replying to it continues the conversation. `end` null:
 * the run is going in this window (`running`), else it never ended (the window was reloaded or
 * closed mid-run): it is interrupted. */
export interface ChatSummary { runId: string; title: string; end: string | null; steps: number | null; createdAt: string; running: boolean }

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

/** Workspace-relative paths for an @-mention being typed (folders end with /). */
export interface MentionSuggestionsMessage { type: 'mention-suggestions'; query: string; paths: string[] }

/** The server's models (its /v1/models) and the one in use ('' when none is chosen); `error`
 * when the server could not be asked. */
export interface ModelsMessage { type: 'models'; models: string[]; current: string; error: string | null }

/** A conversation shown again (after a reload of the window or the view, or a chat picked from
 * Recent chats): its runs' messages as the live runs sent them, rebuilt from their trajectories
 * (or this window's memory of them), oldest run first. The page replaces its transcript with
 * them. Checked in to-webview.ts, where the host messages' parser lives. */
export interface ChatTranscriptMessage {
  type: 'chat-transcript';
  /** The conversation's latest run (a reply continues it); null when it could not be read. */
  chatRunId: string | null;
  /** The conversation's first task. */
  title: string;
  messages: HostMessage[];
  /** The latest run is still going in this window: live messages follow. */
  live: boolean;
  /** The latest run never ended (the window was reloaded or closed mid-run): Resume continues it. */
  interrupted: boolean;
  /** Why some or all of it is not shown; null when all is. */
  notice: string | null;
  /** Runs this window still holds: "Retry from here" works on them. */
  retryable: string[];
}

export type ChatHostMessage = ChatContextMessage | ChatListMessage | ContextUsageMessage | MentionSuggestionsMessage | ModelsMessage | ChatTranscriptMessage;

export const chatWebviewChecks: UnionChecks<ChatWebviewMessage> = {
  'chat-send': { text: isNonEmptyString, mode: oneOf(...CHAT_MODES), continueRunId: nullable(isNonEmptyString) },
  'chat-list-request': {},
  'mention-suggest': { query: isString },
  'models-request': {},
  'choose-model': { model: isNonEmptyString },
  'chat-open': { runId: isNonEmptyString },
  'chat-resume': { runId: isNonEmptyString },
};

export const chatHostChecks: UnionChecks<Exclude<ChatHostMessage, ChatTranscriptMessage>> = {
  'chat-context': {
    runId: isNonEmptyString, mode: oneOf(...CHAT_MODES), rules: arrayOf(isString), mcpTools: arrayOf(isString), mcpProblems: arrayOf(isString), attachments: arrayOf(isString),
    continues: nullable(exactObject({ runId: isNonEmptyString, step: isNonNegativeInt })),
  },
  'context-usage': {
    runId: isNonEmptyString, step: isNonNegativeInt, promptTokens: isNonNegativeInt, completionTokens: isNonNegativeInt,
    runTotalTokens: isNonNegativeInt, contextTokens: isNonNegativeInt,
  },
  'mention-suggestions': { query: isString, paths: arrayOf(isString) },
  'models': { models: arrayOf(isString), current: isString, error: nullable(isString) },
  'chat-list': {
    chats: arrayOf(exactObject({
      runId: isNonEmptyString, title: isString, end: nullable(isString), steps: nullable(isNonNegativeInt), createdAt: isString, running: isBoolean,
    })),
  },
};
