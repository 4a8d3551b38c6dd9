// What every signal reports, and the one rule that turns a count into a severity.
import type { RepeatThresholds } from '../config';
import type { StepFacts } from '../facts';
import type { FindingKind, Severity } from '../finding';
import type { Novelty } from '../novelty';

/** One signal's view of a loop in progress. The detector turns it into a LoopFinding. */
export interface SignalHit {
  kind: FindingKind;
  /** Numbers the loops a signal has seen in a run: a new episode is a new finding, the same
   * episode seen again later updates (and may escalate) that finding. */
  episode: number;
  /** Repetitions so far. */
  count: number;
  severity: Severity;
  fromStep: number;
  toStep: number;
  steps: number[];
  summary: string;
  nudge: string;
}

/** A signal judged once per completed step. */
export interface StepSignal {
  observe(facts: StepFacts, novelty: Novelty): SignalHit | null;
}

/** warning from warnAt repetitions on, stuck from stuckAt on; null below warnAt or when
 * the signal is off (warnAt 0). */
export function severityFor(count: number, thresholds: RepeatThresholds): Severity | null {
  if (thresholds.warnAt <= 0 || count < thresholds.warnAt) return null;
  if (thresholds.stuckAt > 0 && count >= thresholds.stuckAt) return 'stuck';
  return 'warning';
}

/** "steps 4, 6 and 8" */
export function stepList(steps: number[]): string {
  if (steps.length === 0) return 'no steps';
  if (steps.length === 1) return `step ${steps[0]}`;
  const shown = steps.length > 8 ? [...steps.slice(0, 3), '…', ...steps.slice(-3)] : steps;
  const last = shown.at(-1);
  return `steps ${shown.slice(0, -1).join(', ')} and ${String(last)}`;
}

export function times(count: number): string {
  return count === 2 ? 'twice' : `${count} times`;
}

/** Said at the end of every nudge: what to do instead. */
export const CHANGE_COURSE =
  'Repeating it will not give a different result. Stop, say in one sentence why it keeps happening, ' +
  'and then do something different: read the relevant code or error again, check your assumptions, ' +
  'or try another approach.';
