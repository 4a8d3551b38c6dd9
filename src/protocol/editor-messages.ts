// The agent view's editor integration: keyboard commands from VS Code (focus the task box,
// answer the open approval), code blocks copied or inserted at the cursor, whether the view
// has focus (keybindings that act only then), and the loop watch's pause under `warn`.
import { isBoolean, isNonEmptyString, isString, nullable, oneOf } from './checks';
import type { UnionChecks } from './union';

/** Focus the task box; `prefill` (an editor selection) goes into it, nothing starts. */
export interface FocusTaskMessage { type: 'focus-task'; prefill: string | null }
/** The run waits before its next model turn until the user answers this finding's banner. */
export interface LoopPausedMessage { type: 'loop-paused'; findingId: string }

export type EditorHostMessage = FocusTaskMessage | LoopPausedMessage;

export type CodeAction = 'copy' | 'insert';
/** A code block's Copy or "Insert at cursor" (into the last active text editor). */
export interface CodeActionMessage { type: 'code-action'; action: CodeAction; code: string }
/** The view gained or lost keyboard focus (keybindings for approvals act only while it has it). */
export interface ViewFocusMessage { type: 'view-focus'; focused: boolean }

export type EditorWebviewMessage = CodeActionMessage | ViewFocusMessage;

export const editorHostChecks: UnionChecks<EditorHostMessage> = {
  'focus-task': { prefill: nullable(isString) },
  'loop-paused': { findingId: isNonEmptyString },
};

export const editorWebviewChecks: UnionChecks<EditorWebviewMessage> = {
  'code-action': { action: oneOf('copy', 'insert'), code: isString },
  'view-focus': { focused: isBoolean },
};
