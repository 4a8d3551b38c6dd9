// Checkpoints, restores and branches in the agent view: which tool calls have a checkpoint
// taken before them, what a run records and where it branched from, and the user's "restore
// files to before this step" and "retry from here".
import { exactObject, isBoolean, isNonEmptyString, isNonNegativeInt, isString, nullable, oneOf } from './checks';
import type { UnionChecks } from './union';

/** 'recording': written to the trajectory store; 'off': consent is off; 'skipped': consent
 * allows it but this run is not recorded (an excluded repository, remotes unreadable). */
export type RecordingState = 'recording' | 'off' | 'skipped';
export const RECORDING_STATES: readonly RecordingState[] = ['recording', 'off', 'skipped'];

export interface RunBranch { runId: string; step: number }

/** Sent right after run-started: how this run is recorded and watched, and, for a retry, the
 * run whose steps 1..parent.step it shares. */
export interface RunInfoMessage {
  type: 'run-info';
  runId: string;
  recording: RecordingState;
  /** One line for people: where it is written, or why not. */
  recordingDetail: string;
  /** Whether edits and commands are checkpointed (restore and retry need it). */
  checkpoints: boolean;
  /** The loop watch's policy preset, e.g. "nudge". */
  loopPolicy: string;
  parent: RunBranch | null;
}

/** The files were saved as a checkpoint before this call ran: they can be restored to it. */
export interface CheckpointMessage { type: 'checkpoint'; step: number; callId: string }

/** The files of the workspace were restored to before this step of this run. */
export interface FilesRestoredMessage { type: 'files-restored'; runId: string; step: number }

export type BranchHostMessage = RunInfoMessage | CheckpointMessage | FilesRestoredMessage;

/** Restore the files to the checkpoint taken before this call (the host asks to confirm). */
export interface RestoreCheckpointMessage { type: 'restore-checkpoint'; runId: string; callId: string }
/** Start a new run that shares this run's steps before `step` and takes `step` again, with
 * the files restored to how they were then (the host asks to confirm). */
export interface RetryFromStepMessage { type: 'retry-from-step'; runId: string; step: number }

export type BranchWebviewMessage = RestoreCheckpointMessage | RetryFromStepMessage;

const isStep = isNonNegativeInt;

export const branchHostChecks: UnionChecks<BranchHostMessage> = {
  'run-info': {
    runId: isNonEmptyString, recording: oneOf(...RECORDING_STATES), recordingDetail: isString, checkpoints: isBoolean,
    loopPolicy: isString, parent: nullable(exactObject({ runId: isNonEmptyString, step: isStep })),
  },
  'checkpoint': { step: isStep, callId: isNonEmptyString },
  'files-restored': { runId: isNonEmptyString, step: isStep },
};

export const branchWebviewChecks: UnionChecks<BranchWebviewMessage> = {
  'restore-checkpoint': { runId: isNonEmptyString, callId: isNonEmptyString },
  'retry-from-step': { runId: isNonEmptyString, step: isStep },
};
