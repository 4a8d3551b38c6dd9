// Scores loop detectors against hand labels: precision, recall and F1 for `stuck` and for
// `loop`, how early a detector warns on stuck runs, stuck verdicts on runs labelled loop-free,
// and alarms on runs that resolved their task. Crux's detector and the peers' rules are
// scored on the same runs in the same pass.
import type { Trajectory } from '../trajectory/format';
import { clineBaseline, rooBaseline } from './baselines/consecutive';
import type { BaselineVerdict } from './baselines/baseline';
import { openHandsBaseline } from './baselines/openhands';
import { DEFAULT_WATCH_CONFIG, type WatchConfig } from './config';
import type { LoopLabel } from './labels';
import { detectRun } from './offline';

export interface Scored {
  name: string;
  rule: string;
  analyze(trajectory: Trajectory): BaselineVerdict;
}

export interface LabelledRun {
  label: LoopLabel;
  trajectory: Trajectory;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface EvalRow {
  name: string;
  rule: string;
  stuck: Counts;
  loop: Counts;
  /** Mean actions from the first warning to the end of the run, over labelled-stuck runs it warned on. */
  meanWarningLead: number | null;
  /** Labelled-stuck runs it warned on at all. */
  warnedStuckRuns: number;
  /** Mean |first loop action − label| over runs both call loops. */
  firstLoopError: number | null;
  /** Runs labelled loop: false that it called stuck. */
  stuckOnLoopFree: number;
  /** Runs whose outcome says resolved: how many it called stuck, and how many it warned on. */
  resolved: { runs: number; stuck: number; warned: number };
}

/** Crux's detector, scored like a baseline. */
export function cruxDetector(config: WatchConfig = DEFAULT_WATCH_CONFIG): Scored {
  return {
    name: 'crux',
    rule: 'novelty-aware repeats, errors (repeated and persisting), cycles of any length, reverts, no-progress, stale stretches, repeated text (docs/loop-watch.md)',
    analyze(trajectory) {
      const { report, firstWarningStep } = detectRun(trajectory, config);
      return { loop: report.loop, stuck: report.stuck, firstWarningStep, firstLoopAction: report.firstLoopAction };
    },
  };
}

export const BASELINES: readonly Scored[] = [openHandsBaseline, clineBaseline, rooBaseline];

export function evaluate(runs: readonly LabelledRun[], detectors: readonly Scored[]): EvalRow[] {
  return detectors.map((detector) => {
    const row: EvalRow = {
      name: detector.name, rule: detector.rule,
      stuck: { tp: 0, fp: 0, fn: 0, tn: 0 }, loop: { tp: 0, fp: 0, fn: 0, tn: 0 },
      meanWarningLead: null, warnedStuckRuns: 0, firstLoopError: null, stuckOnLoopFree: 0,
      resolved: { runs: 0, stuck: 0, warned: 0 },
    };
    const leads: number[] = [];
    const errors: number[] = [];
    for (const { label, trajectory } of runs) {
      const verdict = detector.analyze(trajectory);
      count(row.stuck, verdict.stuck, label.stuck);
      count(row.loop, verdict.loop, label.loop);
      const lastAction = trajectory.outcome?.steps ?? lastStep(trajectory);
      if (label.stuck && verdict.firstWarningStep !== null) {
        row.warnedStuckRuns++;
        leads.push(lastAction - verdict.firstWarningStep);
      }
      if (label.loop && verdict.loop && label.firstLoopAction !== null && verdict.firstLoopAction !== null) {
        errors.push(Math.abs(label.firstLoopAction - verdict.firstLoopAction));
      }
      if (!label.loop && verdict.stuck) row.stuckOnLoopFree++;
      if (trajectory.outcome?.resolved === true) {
        row.resolved.runs++;
        if (verdict.stuck) row.resolved.stuck++;
        if (verdict.loop) row.resolved.warned++;
      }
    }
    row.meanWarningLead = mean(leads);
    row.firstLoopError = mean(errors);
    return row;
  });
}

export function precision(counts: Counts): number {
  return counts.tp + counts.fp === 0 ? 0 : counts.tp / (counts.tp + counts.fp);
}

export function recall(counts: Counts): number {
  return counts.tp + counts.fn === 0 ? 0 : counts.tp / (counts.tp + counts.fn);
}

export function f1(counts: Counts): number {
  const p = precision(counts);
  const r = recall(counts);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

function count(counts: Counts, predicted: boolean, actual: boolean): void {
  if (predicted && actual) counts.tp++;
  else if (predicted) counts.fp++;
  else if (actual) counts.fn++;
  else counts.tn++;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function lastStep(trajectory: Trajectory): number {
  let last = 0;
  for (const event of trajectory.events) if (event.type === 'model-turn') last = event.step;
  return last;
}
