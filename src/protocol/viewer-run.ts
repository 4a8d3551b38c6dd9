// A run as the trajectory viewer shows it: the trajectory read by the host (any format the
// importers know) and reduced to what is drawn, with long texts already cut, so the page
// never parses a file and the message stays bounded.
import {
  arrayOf, exactObject, isBoolean, isInt, isNonEmptyString, isNonNegativeInt, isNonNegativeNumber, isString, nullable, oneOf,
  type Check, type FieldChecks,
} from './checks';
import { RISKS, RUN_END_REASONS, type Risk, type RunEndReason } from './to-webview';

export interface ViewerHeader {
  runId: string;
  taskId: string;
  taskText: string;
  createdAt: string;
  model: string;
  serverKind: string;
  /** 'crux' or the agent an import came from, and the format it was read from. */
  agent: string;
  sourceFormat: string;
  toolFormat: string | null;
  maxSteps: number | null;
  repository: string | null;
  commit: string | null;
  parent: { runId: string; step: number } | null;
}

export interface ViewerObservation {
  output: string;
  isError: boolean;
  exitCode: number | null;
  /** The tool cut its output before the model saw it. */
  truncated: boolean;
  durationMs: number | null;
  /** Characters of `output` the viewer left out (0 when shown whole). */
  hiddenChars: number;
}

export interface ViewerCall {
  callId: string;
  name: string;
  /** One line saying what the call does: its command, its path, else its arguments. */
  title: string;
  /** The arguments as the model wrote them, pretty-printed when they are JSON. */
  argumentsText: string;
  valid: boolean;
  invalidReason: string | null;
  risk: Risk;
  approval: { approved: boolean; decidedBy: 'user' | 'policy'; reason: string | null } | null;
  observation: ViewerObservation | null;
  edit: { path: string; diff: string } | null;
}

export type ViewerNoteKind = 'message' | 'nudge' | 'warning' | 'recovery' | 'checkpoint' | 'error';
export const VIEWER_NOTE_KINDS: readonly ViewerNoteKind[] = ['message', 'nudge', 'warning', 'recovery', 'checkpoint', 'error'];

/** Anything of a step besides its calls: user messages, loop warnings, recoveries, errors. */
export interface ViewerNote {
  kind: ViewerNoteKind;
  /** Short label, e.g. "Loop warning (cycle, steps 3-8)". */
  title: string;
  text: string;
}

export interface ViewerAction {
  /** The step, 1-based. */
  step: number;
  /** The assistant's visible text. */
  text: string;
  reasoning: string;
  calls: ViewerCall[];
  notes: ViewerNote[];
  finishReason: string;
  tokens: number | null;
  latencyMs: number | null;
}

export interface ViewerOutcome {
  end: RunEndReason;
  message: string;
  summary: string | null;
  resolved: boolean | null;
  verdict: 'accept' | 'reject' | null;
  test: { command: string; passed: boolean; exitCode: number | null; timedOut: boolean; outputTail: string } | null;
  emptyPatch: boolean;
  /** The final patch (cut when very long). */
  patch: string;
  steps: number;
  invalidToolCalls: number;
  totalTokens: number;
}

export interface ViewerRun {
  header: ViewerHeader;
  /** Notes of events before the first action (or of a step without a model turn). */
  preamble: ViewerNote[];
  actions: ViewerAction[];
  outcome: ViewerOutcome | null;
  /** Problems found reading the file (a truncated line, a gap in the events). */
  problems: string[];
}

const isRisk = oneOf(...RISKS);

const headerChecks: FieldChecks<ViewerHeader> = {
  runId: isNonEmptyString, taskId: isString, taskText: isString, createdAt: isString, model: isString, serverKind: isString,
  agent: isString, sourceFormat: isString, toolFormat: nullable(isString), maxSteps: nullable(isNonNegativeInt),
  repository: nullable(isString), commit: nullable(isString),
  parent: nullable(exactObject({ runId: isNonEmptyString, step: isNonNegativeInt })),
};

const observationChecks: FieldChecks<ViewerObservation> = {
  output: isString, isError: isBoolean, exitCode: nullable(isInt), truncated: isBoolean,
  durationMs: nullable(isNonNegativeNumber), hiddenChars: isNonNegativeInt,
};

const callChecks: FieldChecks<ViewerCall> = {
  callId: isString, name: isString, title: isString, argumentsText: isString, valid: isBoolean, invalidReason: nullable(isString),
  risk: isRisk,
  approval: nullable(exactObject({ approved: isBoolean, decidedBy: oneOf('user', 'policy'), reason: nullable(isString) })),
  observation: nullable(exactObject(observationChecks)),
  edit: nullable(exactObject({ path: isString, diff: isString })),
};

const noteChecks: FieldChecks<ViewerNote> = { kind: oneOf(...VIEWER_NOTE_KINDS), title: isString, text: isString };
const isNote: Check = exactObject(noteChecks);

const actionChecks: FieldChecks<ViewerAction> = {
  step: isNonNegativeInt, text: isString, reasoning: isString, calls: arrayOf(exactObject(callChecks)), notes: arrayOf(isNote),
  finishReason: isString, tokens: nullable(isNonNegativeInt), latencyMs: nullable(isNonNegativeNumber),
};

const outcomeChecks: FieldChecks<ViewerOutcome> = {
  end: oneOf(...RUN_END_REASONS), message: isString, summary: nullable(isString), resolved: nullable(isBoolean),
  verdict: nullable(oneOf('accept', 'reject')),
  test: nullable(exactObject({ command: isString, passed: isBoolean, exitCode: nullable(isInt), timedOut: isBoolean, outputTail: isString })),
  emptyPatch: isBoolean, patch: isString, steps: isNonNegativeInt, invalidToolCalls: isNonNegativeInt, totalTokens: isNonNegativeInt,
};

const runChecks: FieldChecks<ViewerRun> = {
  header: exactObject(headerChecks),
  preamble: arrayOf(isNote),
  actions: arrayOf(exactObject(actionChecks)),
  outcome: nullable(exactObject(outcomeChecks)),
  problems: arrayOf(isString),
};

export const isViewerRun: Check = exactObject(runChecks);
export const isViewerAction: Check = exactObject(actionChecks);
