// The port distributed rollouts use: a queue of (task, sample) jobs that any number of workers
// take from. Each job carries its lease (how long a worker may hold it before it is given to
// another): the run's timeout plus a short grace, so a worker killed mid-run delays its job by
// about one run, not by a queue library's default. src/team/pg-queue.ts implements it on
// PostgreSQL.
import type { RolloutTask } from './task-file';

export interface RolloutJobSettings {
  maxSteps: number;
  temperature: number;
  /** Seconds a run may take unless its task says otherwise. */
  timeoutSeconds: number;
  contextTokens?: number;
}

export interface RolloutJob {
  /** Names the rollout: the team store holds one run per (rollout, task, sample). */
  rollout: string;
  task: RolloutTask;
  sample: number;
  settings: RolloutJobSettings;
}

export interface QueuedJob {
  job: RolloutJob;
  /** Seconds this job may be held by one worker. */
  leaseSeconds: number;
}

export interface RolloutCounts {
  queued: number;
  running: number;
  completed: number;
  /** Given up after every retry. */
  failed: number;
}

export interface RolloutQueue {
  /** Adds jobs; a job already queued (same rollout, task and sample) is not added twice.
   * Returns how many were added. */
  enqueue(jobs: readonly QueuedJob[]): Promise<number>;
  /** Takes jobs, `concurrency` at a time, until the signal aborts. A handler that throws
   * fails its attempt (the job is retried a few times); one that never returns loses its
   * lease and the job goes to another worker. */
  work(concurrency: number, handler: (job: RolloutJob) => Promise<void>, signal: AbortSignal): Promise<void>;
  /** Job counts of one rollout, or of every rollout. */
  counts(rollout?: string): Promise<Map<string, RolloutCounts>>;
  close(): Promise<void>;
}
