// Messages from the webview to the extension host. The host validates every one before a
// handler sees it: the webview is a browser page and is treated as untrusted input.
import { branchWebviewChecks, type BranchWebviewMessage } from './branch-messages';
import { isInt, isNonEmptyString, isString, nullable, oneOf } from './checks';
import { chatWebviewChecks, type ChatWebviewMessage } from './chat-messages';
import { consentWebviewChecks, type ConsentWebviewMessage } from './consent-messages';
import { editorWebviewChecks, type EditorWebviewMessage } from './editor-messages';
import { loopWebviewChecks, type LoopWebviewMessage } from './loop-messages';
import { APPROVAL_CHOICES, type ApprovalChoice } from './to-webview';
import { unionParser, type ParseResult } from './union';

/** The webview has loaded and listens: the host may post (queued messages flush now).
 * `chatRunId`: the conversation the page showed before it was reloaded (its saved state), for
 * the host to show again; null for a new chat. */
export interface ReadyMessage { type: 'ready'; protocolVersion: number; chatRunId: string | null }
export interface StartRunMessage { type: 'start-run'; task: string }
export interface StopRunMessage { type: 'stop-run' }
/** `reason`: for a denial, what the user wants the model to be told (null: none given). */
export interface ApprovalAnswerMessage { type: 'approval-answer'; requestId: string; decision: ApprovalChoice; reason: string | null }
/** Show an edit in VS Code's diff editor; `diff` is the unified diff the edit card shows. */
export interface OpenDiffMessage { type: 'open-diff'; path: string; diff: string }
/** Probe the model server again (after the user started one). */
export interface CheckConnectionMessage { type: 'check-connection' }
export interface ShowLogMessage { type: 'show-log' }

export type WebviewMessage =
  | ReadyMessage
  | StartRunMessage
  | StopRunMessage
  | ApprovalAnswerMessage
  | OpenDiffMessage
  | CheckConnectionMessage
  | ShowLogMessage
  // The loop watch, checkpoints and branches, consent (their own files).
  | LoopWebviewMessage
  | BranchWebviewMessage
  | ConsentWebviewMessage
  | EditorWebviewMessage

  | ChatWebviewMessage;

export type WebviewMessageType = WebviewMessage['type'];
export type WebviewMessageOf<T extends WebviewMessageType> = Extract<WebviewMessage, { type: T }>;

export const parseWebviewMessage: (value: unknown) => ParseResult<WebviewMessage> = unionParser<WebviewMessage>('webview message', {
  'ready': { protocolVersion: isInt, chatRunId: nullable(isNonEmptyString) },
  'start-run': { task: isNonEmptyString },
  'stop-run': {},
  'approval-answer': { requestId: isNonEmptyString, decision: oneOf(...APPROVAL_CHOICES), reason: nullable(isString) },
  'open-diff': { path: isNonEmptyString, diff: isString },
  'check-connection': {},
  'show-log': {},
  ...loopWebviewChecks,
  ...branchWebviewChecks,
  ...consentWebviewChecks,
  ...editorWebviewChecks,
  ...chatWebviewChecks,
});

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  return parseWebviewMessage(value).ok;
}
