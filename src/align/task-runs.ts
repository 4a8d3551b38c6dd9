// The runs of one task, prepared for the tree: each run's canonical action path, with a
// branch (a run that continues another run's prefix) given its parent's first steps, so it
// attaches to the tree where it branched.
//
// A run is summarised as soon as it is parsed (its actions' canonical keys, its label, the
// loop watch's verdict) and its header and events are dropped, unless asked to keep them: holding every
// parsed run of a task until the task is done made the garbage collector copy them all into
// the old generation, which cost more than parsing them. The few runs an export needs are
// read again ("hydrated") when it needs them.
import type { ModelTurnRecord, Trajectory, TrajectoryHeader } from '../trajectory/format';
import type { Canonicalizer } from './canonical';
import { turnsByStep, type TurnSource } from './messages';
import type { LoadedRun, RunRef } from './source';

export type FilterReason = 'duplicate' | 'excluded-repository' | 'orphan-branch' | 'unknown-outcome' | 'stuck' | 'outlier-length';

export type StuckCheck = (trajectory: Trajectory) => boolean;

export interface TaskRun {
  ref: RunRef;
  /** The header while the run is in memory (like `turns`); the ref has what filters need. */
  header: TrajectoryHeader | null;
  /** The success label; null when unknown. */
  resolved: boolean | null;
  /** The loop watch's verdict, taken while the run was in memory; null when not checked. */
  stuck: boolean | null;
  /** The steps this run recorded itself, ascending, and their canonical actions. */
  ownSteps: number[];
  ownKeys: string[];
  parent: { run: TaskRun; step: number } | null;
  /** The canonical action of each step of the whole run (a branch's shared prefix included):
   * path[i] is step i + 1. */
  path: string[];
  /** For each step, the run whose recorded turn it is: this run, or for a branch's shared
   * prefix the ancestor that recorded it. */
  owners: TaskRun[];
  /** Steps whose tool calls failed: an invalid call (unknown tool, bad arguments) or a tool
   * that reported an error without running a command (a command's non-zero exit is an answer,
   * not a failure). SFT keeps them in the context and out of the loss. */
  failedSteps: number[];
  /** Why the run is left out of scoring; null when it is kept. */
  excluded: FilterReason | null;
  /** The model turns while they are in memory (kept at load, or hydrated for an export). */
  turns: Map<number, ModelTurnRecord> | null;
}

export interface SummarizeOptions {
  canonicalize: Canonicalizer;
  /** The loop watch; asked only about runs that have a label (the others are filtered anyway). */
  isStuck?: StuckCheck | null;
  /** Runs whose turns stay in memory (e.g. successes, for SFT). */
  retain?: (run: TaskRun) => boolean;
}

/** Summarises a just-parsed run; the trajectory can be dropped afterwards. */
export function summarizeRun({ ref, trajectory }: LoadedRun, options: SummarizeOptions): TaskRun {
  const turns = turnsByStep(trajectory.events);
  const ownSteps = [...turns.keys()].sort((a, b) => a - b);
  const resolved = trajectory.outcome?.resolved ?? null;
  const run: TaskRun = {
    ref, header: null, resolved, failedSteps: failedStepsOf(trajectory),
    stuck: options.isStuck && resolved !== null ? options.isStuck(trajectory) : null,
    ownSteps, ownKeys: ownSteps.map((step) => options.canonicalize(turns.get(step) as ModelTurnRecord)),
    parent: null, path: [], owners: [], excluded: null, turns: null,
  };
  if (options.retain?.(run)) {
    run.turns = turns;
    run.header = trajectory.header;
  }
  return run;
}

function failedStepsOf(trajectory: Trajectory): number[] {
  const failed = new Set<number>();
  for (const event of trajectory.events) {
    if (event.type === 'tool-call' && !event.valid) failed.add(event.step);
    if (event.type === 'observation' && event.isError && event.exitCode === null) failed.add(event.step);
  }
  return [...failed].sort((a, b) => a - b);
}

/** Links the runs of a task: parents by run id within the task, then every run's path. A
 * branch whose parent is missing keeps its own steps when it recorded them from step 1, else it
 * is an orphan. A cycle of parent links is broken by treating the run as its own. */
export function linkTaskRuns(runs: readonly TaskRun[]): void {
  const byId = new Map<string, TaskRun>();
  for (const run of runs) if (!byId.has(run.ref.runId)) byId.set(run.ref.runId, run);
  const state = new Map<TaskRun, 'visiting' | 'done'>();
  const resolvePath = (run: TaskRun): void => {
    if (state.get(run) === 'done') return;
    state.set(run, 'visiting');
    const link = run.ref.parent;
    const parent = link ? byId.get(link.runId) : undefined;
    if (link && parent && parent !== run && state.get(parent) !== 'visiting') {
      resolvePath(parent);
      const shared = Math.min(link.step, parent.path.length);
      const recorded = new Set(run.ownSteps);
      run.parent = { run: parent, step: shared };
      run.path = parent.path.slice(0, shared);
      run.owners = parent.owners.slice(0, shared).map((owner, i) => (recorded.has(i + 1) ? run : owner));
      appendOwnSteps(run, shared);
    } else {
      if (link && run.ownSteps[0] !== 1 && run.ownSteps.length > 0) run.excluded = 'orphan-branch';
      appendOwnSteps(run, 0);
    }
    state.set(run, 'done');
  };
  for (const run of runs) resolvePath(run);
}

function appendOwnSteps(run: TaskRun, after: number): void {
  // Steps are numbered from 1 without gaps; a gap (a lost line) shortens the path rather than
  // leaving a hole, and rebuilding a prompt across it fails later, reported.
  run.ownSteps.forEach((step, i) => {
    if (step <= after) return;
    run.path.push(run.ownKeys[i] as string);
    run.owners.push(run);
  });
}

/** Reads a run again; supplied by whoever loaded it (the pipeline's loader). */
export type RunReader = (ref: RunRef) => Promise<Trajectory>;

/** Puts the turns of a run and of its ancestors back in memory. */
export async function hydrate(run: TaskRun, read: RunReader | null): Promise<void> {
  if (!run.turns || !run.header) {
    if (!read) throw new Error(`the turns of ${run.ref.runId} are not in memory and there is no reader`);
    const trajectory = await read(run.ref);
    run.turns = turnsByStep(trajectory.events);
    run.header = trajectory.header;
  }
  if (run.parent) await hydrate(run.parent.run, read);
}

/** The run as a TurnSource for prompt rebuilding; it and its ancestors must be hydrated. */
export function turnSource(run: TaskRun): TurnSource {
  if (!run.turns) throw new Error(`the turns of ${run.ref.runId} are not in memory`);
  return { turns: run.turns, parent: run.parent ? { source: turnSource(run.parent.run), step: run.parent.step } : null };
}

/** The turn of `step` as recorded by the run that owns it (which must be hydrated). */
export function ownTurn(run: TaskRun, step: number): { owner: TaskRun; turn: ModelTurnRecord } | null {
  const owner = run.owners[step - 1];
  const turn = owner?.turns?.get(step);
  return owner && turn ? { owner, turn } : null;
}
