// The pipeline, task by task: index the files once (headers only), then for each task load its
// runs, prepare their paths, filter, build and score the tree and find its key actions. Only
// one task's runs (a few, with workers reading ahead) are in memory at a time; the caller
// writes what it needs and moves on.
import { createCanonicalizer } from './canonical';
import type { AlignConfig } from './config';
import { addFilterCounts, applyFilters, emptyFilterCounts, type FilterCounts } from './filters';
import { findKeyActions, type KeyAction } from './key-actions';
import { SummaryPool, type WorkerSetup } from './parallel';
import { groupByTask, indexRuns, listTrajectoryFiles, RunLoader, type LoadedRun, type RunImporter, type RunIndex, type RunRef, type SourceError } from './source';
import { linkTaskRuns, summarizeRun, type RunReader, type StuckCheck, type TaskRun } from './task-runs';
import { buildTree, type TaskTree } from './tree';
import type { RunStore } from '../trajectory/run-store';

export type { StuckCheck } from './task-runs';

export interface PipelineOptions {
  config: AlignConfig;
  /** Reads other agents' formats; without it only Crux files are read. */
  importer?: RunImporter;
  /** The loop watch's verdict; without it the stuck filter does nothing. */
  isStuck?: StuckCheck;
  /** Only these tasks (all when absent). */
  taskFilter?: (taskId: string) => boolean;
  /** Files read at once while loading a task. */
  concurrency?: number;
  /** Keep the turns of runs labelled a success after loading (for SFT); others are read
   * again only if exported. */
  retainSuccesses?: boolean;
  /** Worker threads that read and summarise runs (absent: this thread does). The pool was
   * made from the same importer options, normalisation and loop-watch settings as `importer`,
   * `config` and `isStuck`; the caller closes it. */
  pool?: SummaryPool | null;
}

/** Tasks whose runs the workers read while this thread builds the current tree. */
const LOOKAHEAD = 2;

export interface TaskAnalysis {
  taskId: string;
  /** Every run of the task, with `excluded` set on those the filters removed. */
  runs: TaskRun[];
  kept: TaskRun[];
  filtered: FilterCounts;
  tree: TaskTree;
  keyActions: KeyAction[];
  errors: SourceError[];
  /** Reads a run again, to hydrate it for an export; null when the runs came from memory. */
  read: RunReader | null;
}

/** What the whole pass saw, filled in as tasks are analysed. */
export interface PipelineSummary {
  files: number;
  runs: number;
  tasks: number;
  kept: number;
  filtered: FilterCounts;
  keyActions: number;
  errors: SourceError[];
}

export interface RunSet {
  index: RunIndex;
  tasks: Map<string, RunRef[]>;
  /** Where the runs are read from when they are not files (a team store). */
  store?: Pick<RunStore, 'read'>;
}

/** Pass 1 over files and folders: the references to every run, grouped by task (read on the
 * pool's workers when there is one). */
export async function openRunSet(paths: readonly string[], importer?: RunImporter, pool?: SummaryPool | null): Promise<RunSet> {
  return indexFiles(await listTrajectoryFiles(paths), importer, pool);
}

/** Pass 1 over a list of files (from listTrajectoryFiles). */
export async function indexFiles(files: readonly string[], importer?: RunImporter, pool?: SummaryPool | null): Promise<RunSet> {
  const index = pool ? await pool.index(files) : await indexRuns(files, importer);
  return { index, tasks: groupByTask(index.refs) };
}

export function emptySummary(set: RunSet): PipelineSummary {
  return {
    files: set.index.files, runs: 0, tasks: 0, kept: 0, filtered: emptyFilterCounts(), keyActions: 0,
    errors: [...set.index.errors],
  };
}

/** Filters, tree and key actions of one task's summarised runs. */
export function analyzeTaskRuns(taskId: string, runs: TaskRun[], options: PipelineOptions, read: RunReader | null): TaskAnalysis {
  const { config } = options;
  linkTaskRuns(runs);
  const filtered = applyFilters(runs, config.filters);
  const kept = runs.filter((run) => run.excluded === null);
  const tree = buildTree(taskId, kept, config.significance.z);
  return { taskId, runs, kept, filtered, tree, keyActions: findKeyActions(tree, config.significance), errors: [], read };
}

function summarizer(options: PipelineOptions): (run: LoadedRun) => TaskRun {
  const canonicalize = createCanonicalizer(options.config.normalization);
  const isStuck = options.config.filters.dropStuck ? options.isStuck ?? null : null;
  const retain = options.retainSuccesses ? (run: TaskRun) => run.resolved === true : undefined;
  return (run) => summarizeRun(run, { canonicalize, isStuck, ...(retain ? { retain } : {}) });
}

type TaskLoad = (refs: readonly RunRef[]) => Promise<{ runs: TaskRun[]; errors: SourceError[] }>;

/** A pool of `workers` threads reading runs as the options describe (null for 0 workers).
 * `watch` null: no stuck verdicts (the stuck filter is off, or there is no loop watch). */
export function createPool(workers: number, config: AlignConfig, setup: Pick<WorkerSetup, 'importer' | 'watch'>, concurrency = 8): SummaryPool | null {
  if (workers < 1) return null;
  return new SummaryPool(workers, { normalization: config.normalization, importer: setup.importer, watch: setup.watch, concurrency });
}

/** Analyses one task whose runs are already in memory (tests, callers holding runs). Every
 * run's turns are kept, since there is no file to read them again from. */
export function analyzeTask(taskId: string, loaded: readonly LoadedRun[], options: PipelineOptions): TaskAnalysis {
  const canonicalize = createCanonicalizer(options.config.normalization);
  const isStuck = options.config.filters.dropStuck ? options.isStuck ?? null : null;
  const runs = loaded.map((run) => summarizeRun(run, { canonicalize, isStuck, retain: () => true }));
  return analyzeTaskRuns(taskId, runs, options, null);
}

/** Pass 2: each task in turn. `summary` is updated as tasks are yielded. */
export async function* analyzeTasks(set: RunSet, options: PipelineOptions, summary: PipelineSummary = emptySummary(set)): AsyncGenerator<TaskAnalysis> {
  const loader = new RunLoader(options.importer, options.concurrency ?? 8, undefined, set.store);
  const pool = options.pool ?? null;
  const summarize = summarizer(options);
  const load: TaskLoad = pool
    ? (refs) => pool.load(refs, options.retainSuccesses === true)
    : (refs) => loader.load(refs, summarize);
  const read: RunReader = (ref) => loader.read(ref);
  const tasks = [...set.tasks].filter(([taskId]) => !options.taskFilter || options.taskFilter(taskId));
  const loads: (ReturnType<TaskLoad> | undefined)[] = [];
  const start = (index: number): void => {
    const task = tasks[index];
    if (!task || loads[index]) return;
    const pending = load(task[1]);
    // Awaited in its turn; this only keeps an early failure from counting as unhandled.
    pending.catch(() => undefined);
    loads[index] = pending;
  };
  for (let index = 0; index < tasks.length; index++) {
    // On one thread reading ahead gains nothing; with workers it keeps them busy.
    for (let ahead = 0; ahead <= (pool ? LOOKAHEAD : 0); ahead++) start(index + ahead);
    const { runs, errors } = await (loads[index] as ReturnType<TaskLoad>);
    loads[index] = undefined;
    const analysis = analyzeTaskRuns((tasks[index] as [string, RunRef[]])[0], runs, options, read);
    analysis.errors = errors;
    summary.runs += analysis.runs.length;
    summary.tasks++;
    summary.kept += analysis.kept.length;
    summary.keyActions += analysis.keyActions.length;
    addFilterCounts(summary.filtered, analysis.filtered);
    summary.errors.push(...errors);
    yield analysis;
  }
}
