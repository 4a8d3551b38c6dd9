// `crux rollout`: many runs per task, headless and unattended, labelled by the tasks' tests.
// Resumable by construction: what is complete is read back from the output folder's runs
// (a run is complete once its outcome carries a resolved label), so rerunning the same
// command only does what is missing.
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Sampling } from '../agent/config';
import type { Connection } from '../agent/connect';
import type { Clock, Log } from '../host/ports';
import type { ApprovalSettings } from '../agent/approval-policy';
import type { ModelClient } from '../model/client';
import type { ConsentLevel } from '../trajectory/format';
import { findExcludedRemote } from '../trajectory/privacy/exclusions';
import type { RunSummary } from '../trajectory/run-summary';
import { TrajectoryStore } from '../trajectory/store';
import { runPool } from './pool';
import { RolloutProgress, type ProgressSink, type RunReport } from './progress';
import { RepoCopies } from './repo-copies';
import { runSample } from './run-sample';
import { readTaskFile, type RolloutTask, type TaskLineError } from './task-file';

export interface RolloutOptions {
  tasksFile: string;
  samples: number;
  concurrency: number;
  outDir: string;
  client: ModelClient;
  connection: Connection;
  maxSteps: number;
  sampling: Sampling;
  contextTokens?: number;
  timeoutSeconds: number;
  keepCopies: boolean;
  consent: Exclude<ConsentLevel, 'off'>;
  exclusions: readonly string[];
  /** The model server's API key, kept out of every command's environment. */
  apiKey?: string;
  /** The command policy; default: auto-all, with every risky class refused (run-sample.ts). */
  approvalSettings?: ApprovalSettings;
  /** Where repository mirrors and run copies live; default `<outDir>/.work`. */
  workDir?: string;
  sink: ProgressSink;
  clock: Clock;
  log: Log;
  signal: AbortSignal;
}

export interface RolloutSummary {
  tasks: number;
  taskErrors: TaskLineError[];
  /** Tasks refused because their repository is on the exclusion list. */
  excluded: { id: string; reason: string }[];
  /** Runs already complete in the output folder before this rollout. */
  alreadyComplete: number;
  /** Incomplete runs from an earlier, interrupted rollout, removed to be done again. */
  discarded: number;
  reports: RunReport[];
  interrupted: boolean;
}

export async function rollout(options: RolloutOptions): Promise<RolloutSummary> {
  const tasksFile = resolve(options.tasksFile);
  const { tasks: parsed, errors } = await readTaskFile(tasksFile);
  const copies = new RepoCopies(join(options.workDir ?? join(options.outDir, '.work'), 'cache'), dirname(tasksFile));
  const excluded: RolloutSummary['excluded'] = [];
  const tasks = parsed.filter((task) => {
    const match = findExcludedRemote([copies.sourceOf(task.repo)], options.exclusions);
    if (match) excluded.push({ id: task.id, reason: `${match.remote} is on the exclusion list (${match.pattern})` });
    return !match;
  });

  const store = new TrajectoryStore(options.outDir, options.log);
  store.prepare();
  const work = options.workDir ?? join(options.outDir, '.work');
  const { complete, discarded } = await takeStock(store, new Set(tasks.map((task) => task.id)), join(work, 'incomplete'));
  const jobs = plan(tasks, options.samples, complete);
  const alreadyComplete = [...complete.values()].reduce((sum, count) => sum + Math.min(count, options.samples), 0);

  const workDir = join(work, 'runs');
  await mkdir(workDir, { recursive: true });
  const progress = new RolloutProgress(options.sink, options.clock, jobs.length, alreadyComplete);
  const reports: RunReport[] = [];
  await runPool(jobs, options.concurrency, async ({ task, sample }) => {
    progress.runStarted();
    const report = await runSample(task, sample, { ...options, store, copies, workDir });
    if (report === 'interrupted') {
      progress.runInterrupted();
      return;
    }
    reports.push(report);
    progress.runFinished(report);
  }, options.signal);
  progress.close();
  return { tasks: parsed.length, taskErrors: errors, excluded, alreadyComplete, discarded, reports, interrupted: options.signal.aborted };
}

interface Job {
  task: RolloutTask;
  sample: number;
}

/** Samples are numbered per task from 1; a task with k complete runs gets samples k+1..N. */
function plan(tasks: RolloutTask[], samples: number, complete: Map<string, number>): Job[] {
  const jobs: Job[] = [];
  // Round-robin over tasks, so a partial rollout has runs of every task rather than all
  // samples of the first few.
  for (let sample = 1; sample <= samples; sample++) {
    for (const task of tasks) {
      if (sample > (complete.get(task.id) ?? 0)) jobs.push({ task, sample });
    }
  }
  return jobs;
}

/** Counts complete runs per task. Incomplete runs of these tasks (interrupted: no label)
 * would skew the trees, so they move out of the folder to `incomplete` (kept, not deleted)
 * and are done again. */
async function takeStock(
  store: TrajectoryStore, taskIds: Set<string>, incompleteDir: string,
): Promise<{ complete: Map<string, number>; discarded: number }> {
  const complete = new Map<string, number>();
  let discarded = 0;
  for (const run of await store.list()) {
    if (!taskIds.has(run.taskId)) continue;
    if (isComplete(run)) {
      complete.set(run.taskId, (complete.get(run.taskId) ?? 0) + 1);
      continue;
    }
    await mkdir(incompleteDir, { recursive: true });
    await copyFile(store.pathOf(run.runId), join(incompleteDir, basename(store.pathOf(run.runId))));
    await store.delete(run.runId);
    discarded++;
  }
  return { complete, discarded };
}

export function isComplete(run: RunSummary): boolean {
  return run.end !== null && run.resolved !== null;
}
