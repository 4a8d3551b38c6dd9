// Distributed rollouts: the (task x sample) jobs of a task file go into a queue (the port in
// queue.ts); workers on any number of machines take them, run each exactly as `crux rollout`
// does (runSample), and put the run into the team store under its rollout slot. The store
// holds one run per slot whatever happens: a job that ran twice (its worker lost its lease but
// finished anyway) finds the slot filled and its run is dropped.
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Connection } from '../agent/connect';
import type { Log } from '../host/ports';
import type { ModelClient } from '../model/client';
import { findExcludedRemote } from '../trajectory/privacy/exclusions';
import type { PutResult, RunSyncTarget } from '../trajectory/run-store';
import { TrajectoryStore } from '../trajectory/store';
import type { RunReport } from './progress';
import type { QueuedJob, RolloutJob, RolloutJobSettings, RolloutQueue } from './queue';
import { RepoCopies } from './repo-copies';
import { isComplete } from './rollout';
import { runSample } from './run-sample';
import { readTaskFile, type TaskLineError } from './task-file';

export interface EnqueueOptions {
  tasksFile: string;
  samples: number;
  rollout: string;
  settings: RolloutJobSettings;
  /** Added to each run's timeout to make its lease: time to copy the repository and store the run. */
  leaseGraceSeconds: number;
  exclusions: readonly string[];
  queue: RolloutQueue;
  /** Slots already holding a run, as "task#sample". */
  filled: ReadonlySet<string>;
}

export interface EnqueueReport {
  tasks: number;
  taskErrors: TaskLineError[];
  excluded: { id: string; reason: string }[];
  queued: number;
  alreadyQueued: number;
  alreadyDone: number;
}

export async function enqueueRollout(options: EnqueueOptions): Promise<EnqueueReport> {
  const tasksFile = resolve(options.tasksFile);
  const { tasks, errors } = await readTaskFile(tasksFile);
  // Workers elsewhere cannot resolve paths relative to this file: send them absolute.
  const copies = new RepoCopies('', dirname(tasksFile));
  const excluded: EnqueueReport['excluded'] = [];
  const jobs: QueuedJob[] = [];
  let alreadyDone = 0;
  for (let sample = 1; sample <= options.samples; sample++) {
    for (const task of tasks) {
      const source = copies.sourceOf(task.repo);
      if (sample === 1) {
        const match = findExcludedRemote([source], options.exclusions);
        if (match) excluded.push({ id: task.id, reason: `${match.remote} is on the exclusion list (${match.pattern})` });
      }
      if (excluded.some((entry) => entry.id === task.id)) continue;
      if (options.filled.has(`${task.id}#${sample}`)) {
        alreadyDone++;
        continue;
      }
      const job: RolloutJob = { rollout: options.rollout, task: { ...task, repo: source }, sample, settings: options.settings };
      jobs.push({ job, leaseSeconds: (task.timeoutSeconds ?? options.settings.timeoutSeconds) + options.leaseGraceSeconds });
    }
  }
  const queued = await options.queue.enqueue(jobs);
  return { tasks: tasks.length, taskErrors: errors, excluded, queued, alreadyQueued: jobs.length - queued, alreadyDone };
}

export interface WorkerOptions {
  queue: RolloutQueue;
  store: RunSyncTarget;
  client: ModelClient;
  connection: Connection;
  concurrency: number;
  /** Where repository mirrors and run copies live. */
  workDir: string;
  keepCopies: boolean;
  exclusions: readonly string[];
  log: Log;
  signal: AbortSignal;
  onRun?: (job: RolloutJob, report: RunReport, stored: PutResult | null) => void;
}

/** Takes jobs until the signal aborts. */
export async function runWorker(options: WorkerOptions): Promise<void> {
  await mkdir(options.workDir, { recursive: true });
  const copies = new RepoCopies(join(options.workDir, 'cache'), options.workDir);
  await options.queue.work(options.concurrency, (job) => runJob(job, copies, options), options.signal);
}

async function runJob(job: RolloutJob, copies: RepoCopies, options: WorkerOptions): Promise<void> {
  const local = await mkdtemp(join(options.workDir, 'job-'));
  try {
    const store = new TrajectoryStore(join(local, 'runs'), options.log);
    store.prepare();
    const report = await runSample(job.task, job.sample, {
      client: options.client, connection: options.connection, store, copies, workDir: join(local, 'copy'),
      consent: 'share', exclusions: options.exclusions, maxSteps: job.settings.maxSteps,
      sampling: { temperature: job.settings.temperature }, timeoutSeconds: job.settings.timeoutSeconds,
      ...(job.settings.contextTokens !== undefined ? { contextTokens: job.settings.contextTokens } : {}),
      keepCopies: options.keepCopies, log: options.log, signal: options.signal,
    });
    // Thrown: the attempt fails and the job is tried again (by this worker or another).
    if (report === 'interrupted') throw new Error('the worker stopped during the run');
    const run = (await store.list()).find(isComplete);
    if (!run) throw new Error(`${report.name} left no complete run: ${report.detail}`);
    const stored = await options.store.put(run.runId, await store.readText(run.runId), { rollout: job.rollout, sample: job.sample });
    options.onRun?.(job, report, stored);
  } finally {
    await rm(local, { recursive: true, force: true });
  }
}
