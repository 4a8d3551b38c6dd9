// Leave-one-source-out cross-validation of the loop watch's thresholds. A source is one agent ×
// model folder of labelled runs (the first segment of a label's `file`, prefixed by the label
// set when several data folders are scored together). For each source, the candidate settings
// are scored on every OTHER source, the best is chosen there, and only then scored on the
// held-out source; the held-out verdicts of all folds are pooled. The pooled figure says what
// choosing thresholds on labelled data does for runs of an agent or model never seen, which
// the in-sample figure (the defaults scored on every run) cannot.
import type { Trajectory } from '../trajectory/format';
import { watchConfig, type WatchConfig, type WatchConfigOverrides } from './config';
import { f1, type Counts, type LabelledRun } from './evaluate';
import type { LoopLabel } from './labels';
import { detectRun } from './offline';

export interface Candidate {
  name: string;
  config: WatchConfig;
}

export interface Verdict {
  stuck: boolean;
  loop: boolean;
}

export interface FoldResult {
  source: string;
  runs: number;
  /** The candidate chosen on the other sources. */
  chosen: string;
  stuck: Counts;
  loop: Counts;
  stuckOnLoopFree: number;
}

export interface CrossValidation {
  folds: FoldResult[];
  /** The held-out verdicts of every fold, counted together. */
  pooled: { stuck: Counts; loop: Counts; stuckOnLoopFree: number };
  /** The first candidate (the defaults) scored on every run: the in-sample figure. */
  inSample: { stuck: Counts; loop: Counts; stuckOnLoopFree: number };
  /** How often each candidate was chosen. */
  choices: Record<string, number>;
  /** Candidate settings compared. */
  candidates: number;
  /** Every candidate scored on every run: how sensitive the figures are to each setting. */
  sensitivity: { name: string; stuck: Counts; loop: Counts; stuckOnLoopFree: number }[];
}

export interface SourcedRun extends LabelledRun {
  source: string;
}

/** The source of a label: `prefix/` + the first folder of its path. */
export function sourceOf(label: Pick<LoopLabel, 'file'>, prefix = ''): string {
  const first = label.file.split(/[\\/]/)[0] ?? label.file;
  return prefix === '' ? first : `${prefix}/${first}`;
}

/** The settings the cross-validation chooses among: the defaults first (they win ties), then
 * one knob at a time and the few combinations that move the same trade-off. */
export function thresholdGrid(base: WatchConfig): Candidate[] {
  const make = (name: string, overrides: WatchConfigOverrides): Candidate => ({ name, config: withOverrides(base, overrides) });
  const candidates: Candidate[] = [{ name: 'defaults', config: base }];
  for (const warnAt of [2, 4]) {
    candidates.push(make(`repeats warn at ${warnAt}`, {
      repeatedObservation: { warnAt, stuckAt: warnAt + 2 }, repeatedError: { warnAt, stuckAt: warnAt + 2 },
      identicalCalls: { warnAt, stuckAt: warnAt + 2 },
    }));
  }
  for (const warnAt of [5, 6, 10, 12]) candidates.push(make(`no-progress warn at ${warnAt}`, { noProgress: { warnAt, stuckAt: Math.round(warnAt * 1.5) } }));
  for (const maxTail of [1, 2, 5]) candidates.push(make(`stuck tail ${maxTail}`, { stuck: { maxTail } }));
  for (const minWastedBeforeFinish of [3, 8]) candidates.push(make(`finish after ${minWastedBeforeFinish} wasted`, { stuck: { minWastedBeforeFinish } }));
  for (const warnAt of [3, 6, 0]) candidates.push(make(warnAt === 0 ? 'persistent error off' : `persistent error at ${warnAt}`, { persistentError: { warnAt, stuckAt: warnAt + 2 } }));
  for (const warnAt of [6, 12, 0]) candidates.push(make(warnAt === 0 ? 'stale off' : `stale at ${warnAt}`, { stale: { warnAt, stuckAt: Math.round(warnAt * 1.5) } }));
  for (const confirmations of [0, 4]) candidates.push(make(`${confirmations} confirmations forgiven`, { repeatedObservation: { confirmations } }));
  for (const maxPeriod of [3]) candidates.push(make(`cycles up to ${maxPeriod} steps`, { cycle: { maxPeriod } }));
  for (const fromStartWithin of [0, 3]) candidates.push(make(`from the start within ${fromStartWithin}`, { stuck: { fromStartWithin } }));
  return candidates;
}

function withOverrides(base: WatchConfig, overrides: WatchConfigOverrides): WatchConfig {
  const merged: WatchConfigOverrides = {};
  for (const key of Object.keys(base) as (keyof WatchConfig)[]) {
    (merged as Record<string, unknown>)[key] = { ...base[key], ...overrides[key] };
  }
  return watchConfig(merged);
}

export interface CrossValidateOptions {
  /** Called as each candidate has judged every run (the work is candidates × runs). */
  progress?: (done: number, total: number) => void;
  /** How a candidate judges a run; the loop watch's offline detector by default. */
  judge?: (trajectory: Trajectory, config: WatchConfig) => Verdict;
}

export function crossValidate(runs: readonly SourcedRun[], candidates: readonly Candidate[], options: CrossValidateOptions = {}): CrossValidation {
  if (candidates.length === 0) throw new Error('cross-validation needs at least one candidate');
  const judge = options.judge ?? ((trajectory, config) => detectRun(trajectory, config).report);
  // verdicts[c][r]: candidate c on run r, computed once; the folds only re-count them.
  const verdicts = candidates.map((candidate, index) => {
    const row = runs.map(({ trajectory }) => {
      const verdict = judge(trajectory, candidate.config);
      return { stuck: verdict.stuck, loop: verdict.loop };
    });
    options.progress?.(index + 1, candidates.length);
    return row;
  });
  const sources = [...new Set(runs.map((run) => run.source))].sort();
  const folds: FoldResult[] = [];
  const pooled = emptyScore();
  const choices: Record<string, number> = {};
  for (const source of sources) {
    const train = runs.map((run, index) => (run.source === source ? -1 : index)).filter((index) => index >= 0);
    const test = runs.map((run, index) => (run.source === source ? index : -1)).filter((index) => index >= 0);
    let best = 0;
    let bestObjective = -Infinity;
    candidates.forEach((_, c) => {
      const objective = objectiveOf(score(runs, verdicts[c] ?? [], train));
      // Strictly better only: ties keep the earlier candidate, the defaults first.
      if (objective > bestObjective) {
        best = c;
        bestObjective = objective;
      }
    });
    const held = score(runs, verdicts[best] ?? [], test);
    const chosen = candidates[best]?.name ?? 'defaults';
    choices[chosen] = (choices[chosen] ?? 0) + 1;
    folds.push({ source, runs: test.length, chosen, ...held });
    add(pooled, held);
  }
  const all = runs.map((_, index) => index);
  const sensitivity = candidates.map((candidate, c) => ({ name: candidate.name, ...score(runs, verdicts[c] ?? [], all) }));
  return { folds, pooled, inSample: score(runs, verdicts[0] ?? [], all), choices, candidates: candidates.length, sensitivity };
}

/** What a choice maximises on the training sources: stuck F1 plus loop F1, and a stuck verdict
 * on a loop-free run costs more than any gain (the hard requirement). */
function objectiveOf(result: ReturnType<typeof score>): number {
  return f1(result.stuck) + f1(result.loop) - result.stuckOnLoopFree;
}

function emptyScore(): { stuck: Counts; loop: Counts; stuckOnLoopFree: number } {
  return { stuck: { tp: 0, fp: 0, fn: 0, tn: 0 }, loop: { tp: 0, fp: 0, fn: 0, tn: 0 }, stuckOnLoopFree: 0 };
}

function score(runs: readonly SourcedRun[], verdicts: readonly Verdict[], indexes: readonly number[]): { stuck: Counts; loop: Counts; stuckOnLoopFree: number } {
  const result = emptyScore();
  for (const index of indexes) {
    const run = runs[index];
    const verdict = verdicts[index];
    if (!run || !verdict) continue;
    tally(result.stuck, verdict.stuck, run.label.stuck);
    tally(result.loop, verdict.loop, run.label.loop);
    if (!run.label.loop && verdict.stuck) result.stuckOnLoopFree++;
  }
  return result;
}

function add(into: { stuck: Counts; loop: Counts; stuckOnLoopFree: number }, from: { stuck: Counts; loop: Counts; stuckOnLoopFree: number }): void {
  for (const key of ['tp', 'fp', 'fn', 'tn'] as const) {
    into.stuck[key] += from.stuck[key];
    into.loop[key] += from.loop[key];
  }
  into.stuckOnLoopFree += from.stuckOnLoopFree;
}

function tally(counts: Counts, predicted: boolean, actual: boolean): void {
  if (predicted && actual) counts.tp++;
  else if (predicted) counts.fp++;
  else if (actual) counts.fn++;
  else counts.tn++;
}
