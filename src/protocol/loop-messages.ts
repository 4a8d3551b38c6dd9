// The loop watch in the agent view: a banner per finding (replaced when the same finding
// escalates), the way out that was taken, and the user's choice of one. The shapes mirror
// src/watch/finding.ts, restated here because the protocol imports nothing outside itself.
import { arrayOf, isNonEmptyString, isNonNegativeInt, isString, nullable, oneOf } from './checks';
import type { UnionChecks } from './union';

export type LoopSeverity = 'notice' | 'warning' | 'stuck';
export const LOOP_SEVERITIES: readonly LoopSeverity[] = ['notice', 'warning', 'stuck'];

export type LoopRecovery = 'nudge' | 'rollback' | 'stop' | 'dismiss';
export const LOOP_RECOVERIES: readonly LoopRecovery[] = ['nudge', 'rollback', 'stop', 'dismiss'];

/** A finding of the loop watch; a later one with the same findingId replaces it. */
export interface LoopWarningMessage {
  type: 'loop-warning';
  step: number;
  findingId: string;
  /** e.g. "identical-calls", "repeated-error". */
  kind: string;
  severity: LoopSeverity;
  fromStep: number;
  toStep: number;
  /** One sentence saying what repeats. */
  summary: string;
  /** The steps that repeat. */
  steps: number[];
  /** The ways out this finding offers, in the order to show them. */
  recoveries: LoopRecovery[];
}

/** A way out was taken, by the user or by the watch's policy. */
export interface LoopRecoveryTakenMessage {
  type: 'recovery';
  step: number;
  findingId: string;
  action: LoopRecovery;
  decidedBy: 'user' | 'policy';
  /** For a rollback: the last step the conversation kept; null otherwise. */
  toStep: number | null;
}

export type LoopHostMessage = LoopWarningMessage | LoopRecoveryTakenMessage;

/** The user chose a way out of a finding of the run `runId`; applied between model turns. */
export interface LoopRecoveryRequestMessage { type: 'loop-recovery'; runId: string; findingId: string; action: LoopRecovery }

export type LoopWebviewMessage = LoopRecoveryRequestMessage;

const isStep = isNonNegativeInt;

export const loopHostChecks: UnionChecks<LoopHostMessage> = {
  'loop-warning': {
    step: isStep, findingId: isNonEmptyString, kind: isString, severity: oneOf(...LOOP_SEVERITIES), fromStep: isStep, toStep: isStep,
    summary: isString, steps: arrayOf(isStep), recoveries: arrayOf(oneOf(...LOOP_RECOVERIES)),
  },
  'recovery': {
    step: isStep, findingId: isNonEmptyString, action: oneOf(...LOOP_RECOVERIES), decidedBy: oneOf('user', 'policy'), toStep: nullable(isStep),
  },
};

export const loopWebviewChecks: UnionChecks<LoopWebviewMessage> = {
  'loop-recovery': { runId: isNonEmptyString, findingId: isNonEmptyString, action: oneOf(...LOOP_RECOVERIES) },
};
