// Messages from the extension host to the webview. Each member carries exactly the fields
// it needs; values that may be absent are `null`, never optional, so a message either has
// a field or is malformed.
import {
  arrayOf, isBoolean, isInt, isNonEmptyString, isNonNegativeInt, isNonNegativeNumber, isString, nullable, oneOf,
} from './checks';
import { branchHostChecks, type BranchHostMessage } from './branch-messages';
import { chatHostChecks, type ChatHostMessage } from './chat-messages';
import { consentHostChecks, type ConsentHostMessage } from './consent-messages';
import { editorHostChecks, type EditorHostMessage } from './editor-messages';
import { loopHostChecks, type LoopHostMessage } from './loop-messages';
import { rulesHostChecks, type RulesHostMessage } from './rules-messages';
import { isViewState, type ViewState } from './state';
import { unionParser, type ParseResult } from './union';

export type Risk = 'read' | 'edit' | 'execute' | 'destructive';
export const RISKS: readonly Risk[] = ['read', 'edit', 'execute', 'destructive'];

export type RunEndReason = 'finished' | 'step-limit' | 'aborted' | 'error';
export const RUN_END_REASONS: readonly RunEndReason[] = ['finished', 'step-limit', 'aborted', 'error'];

export type ApprovalChoice = 'approve' | 'approve-always' | 'deny';
export const APPROVAL_CHOICES: readonly ApprovalChoice[] = ['approve', 'approve-always', 'deny'];

/** First message after the webview's `ready`: the whole state. */
export interface InitMessage { type: 'init'; protocolVersion: number; state: ViewState }
/** The state changed (connection checked, run started or ended, settings changed). */
export interface StateMessage { type: 'state'; state: ViewState }
export interface RunStartedMessage {
  type: 'run-started'; runId: string; task: string; model: string; serverUrl: string; toolFormat: string; maxSteps: number;
}
/** Streamed model text, already batched by the host (many tokens per message). */
/** A model turn was asked for: the view counts the wait until its first token. */
export interface ModelWaitingMessage { type: 'model-waiting'; step: number }
export interface TextDeltaMessage { type: 'text-delta'; step: number; kind: 'content' | 'reasoning'; text: string }
export interface ToolCallMessage {
  type: 'tool-call'; step: number; callId: string; name: string; title: string; argumentsText: string; risk: Risk;
  /** Why the call cannot run (unknown tool, bad arguments); null for a valid call. */
  invalidReason: string | null;
}
/** How the approval of a tool call was settled, by the user or by the settings. */
export interface ToolApprovalMessage {
  type: 'tool-approval'; callId: string; approved: boolean; decidedBy: 'user' | 'policy'; reason: string | null;
}
export interface ToolOutputMessage { type: 'tool-output'; callId: string; chunk: string }
export interface ToolResultMessage {
  type: 'tool-result'; callId: string; name: string; output: string; isError: boolean;
  exitCode: number | null; truncated: boolean; durationMs: number;
}
export interface EditMessage { type: 'edit'; step: number; callId: string; path: string; diff: string }
export interface ApprovalRequestMessage {
  type: 'approval-request'; requestId: string; tool: string; title: string; detail: string; risk: Risk;
}
/** An approval prompt is no longer open: answered in a dialog instead, or the run stopped. */
export interface ApprovalClosedMessage { type: 'approval-closed'; requestId: string; outcome: ApprovalChoice | 'cancelled' }
export interface UserMessageMessage { type: 'user-message'; step: number; text: string; source: 'user' | 'nudge' | 'system' }
export interface ErrorMessage { type: 'error'; message: string; fatal: boolean }
export interface RunFinishedMessage {
  type: 'run-finished'; reason: RunEndReason; message: string; summary: string | null; steps: number;
}

export type HostMessage =
  | InitMessage
  | StateMessage
  | RunStartedMessage
  | ModelWaitingMessage
  | TextDeltaMessage
  | ToolCallMessage
  | ToolApprovalMessage
  | ToolOutputMessage
  | ToolResultMessage
  | EditMessage
  | ApprovalRequestMessage
  | ApprovalClosedMessage
  | UserMessageMessage
  | ErrorMessage
  | RunFinishedMessage
  // The loop watch, checkpoints and branches, consent (their own files).
  | LoopHostMessage
  | BranchHostMessage
  | ConsentHostMessage
  | EditorHostMessage
  | RulesHostMessage

  | ChatHostMessage;

export type HostMessageType = HostMessage['type'];
export type HostMessageOf<T extends HostMessageType> = Extract<HostMessage, { type: T }>;

const isStep = isNonNegativeInt;
const isRisk = oneOf(...RISKS);

export const parseHostMessage: (value: unknown) => ParseResult<HostMessage> = unionParser<HostMessage>('host message', {
  'init': { protocolVersion: isInt, state: isViewState },
  'state': { state: isViewState },
  'run-started': {
    runId: isNonEmptyString, task: isString, model: isString, serverUrl: isString, toolFormat: isString, maxSteps: isNonNegativeInt,
  },
  'model-waiting': { step: isStep },
  'text-delta': { step: isStep, kind: oneOf('content', 'reasoning'), text: isString },
  'tool-call': {
    step: isStep, callId: isNonEmptyString, name: isString, title: isString, argumentsText: isString, risk: isRisk,
    invalidReason: nullable(isString),
  },
  'tool-approval': { callId: isNonEmptyString, approved: isBoolean, decidedBy: oneOf('user', 'policy'), reason: nullable(isString) },
  'tool-output': { callId: isNonEmptyString, chunk: isString },
  'tool-result': {
    callId: isNonEmptyString, name: isString, output: isString, isError: isBoolean, exitCode: nullable(isInt),
    truncated: isBoolean, durationMs: isNonNegativeNumber,
  },
  'edit': { step: isStep, callId: isNonEmptyString, path: isNonEmptyString, diff: isString },
  'approval-request': { requestId: isNonEmptyString, tool: isString, title: isString, detail: isString, risk: isRisk },
  'approval-closed': { requestId: isNonEmptyString, outcome: oneOf(...APPROVAL_CHOICES, 'cancelled') },
  'user-message': { step: isStep, text: isString, source: oneOf('user', 'nudge', 'system') },
  'error': { message: isNonEmptyString, fatal: isBoolean },
  'run-finished': {
    reason: oneOf(...RUN_END_REASONS), message: isString, summary: nullable(isString), steps: isNonNegativeInt,
  },
  ...loopHostChecks,
  ...branchHostChecks,
  ...consentHostChecks,
  ...editorHostChecks,
  ...rulesHostChecks,
  ...chatHostChecks,
  'chat-transcript': {
    chatRunId: nullable(isNonEmptyString), title: isString, messages: isReplayList, live: isBoolean, interrupted: isBoolean, notice: nullable(isString),
    retryable: arrayOf(isNonEmptyString),
  },
});

/** What a transcript replays: the messages of runs, never the page's state or another replay. */
const NOT_REPLAYED: ReadonlySet<string> = new Set(['init', 'state', 'chat-transcript']);

function isReplayList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => {
    const parsed = parseHostMessage(item);
    return parsed.ok && !NOT_REPLAYED.has(parsed.message.type);
  });
}

export function isHostMessage(value: unknown): value is HostMessage {
  return parseHostMessage(value).ok;
}
