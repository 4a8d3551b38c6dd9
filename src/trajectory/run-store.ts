// The one interface every run store implements: the folder of JSON Lines files on this machine
// (TrajectoryStore, the default) and a team's PostgreSQL (src/team/pg-store.ts). The CLI, the
// pipeline and the extension ask this interface, never a concrete store, so a command works
// the same on `DIR` and on `postgres://…`.
import type { OutcomeUpdate, Trajectory } from './format';
import type { RunSummary } from './run-summary';

export interface RunStore {
  /** Where the runs are, for messages (a folder, or a URL without its password). */
  readonly location: string;
  /** Every run, newest first. */
  list(): Promise<RunSummary[]>;
  /** The run with this id, or the only run whose id starts with it (at least 4 characters). */
  find(idOrPrefix: string): Promise<RunSummary>;
  read(runId: string): Promise<Trajectory>;
  /** The run exactly as its file holds it: JSON Lines, every line ending in a newline. */
  readText(runId: string): Promise<string>;
  /** Adds records (JSON Lines text, whole lines) to the end of a run, creating it when new. */
  append(runId: string, lines: string): Promise<void>;
  /** Records a later label (tests, verdict); events are never rewritten. */
  updateOutcome(runId: string, update: OutcomeUpdate): Promise<RunSummary>;
  delete(runId: string): Promise<void>;
  /** Releases connections; a files store holds none. */
  close(): Promise<void>;
}

/** A rollout's (task, sample): the team store holds one run per slot. */
export interface RunSlot {
  rollout: string;
  sample: number;
}

/** created: new; updated: grew or changed; unchanged: already held as is; slot-taken: another
 * run already fills this rollout slot (a job that ran twice). */
export type PutResult = 'created' | 'updated' | 'unchanged' | 'slot-taken';

/** A store runs are copied into (the team store): put() is idempotent. */
export interface RunSyncTarget extends RunStore {
  put(runId: string, text: string, slot?: RunSlot): Promise<PutResult>;
  /** Withdraws a run if it is there; true when it was. */
  deleteIfPresent(runId: string): Promise<boolean>;
}

export class RunStoreError extends Error {
  override name = 'RunStoreError';
}

/** Runs listed once, found by id or unique prefix (shared by both stores' find()). */
export function findRun(runs: readonly RunSummary[], idOrPrefix: string, location: string, minPrefix = 4): RunSummary {
  const exact = runs.find((run) => run.runId === idOrPrefix);
  if (exact) return exact;
  const matches = idOrPrefix.length >= minPrefix ? runs.filter((run) => run.runId.startsWith(idOrPrefix)) : [];
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) throw new RunStoreError(`"${idOrPrefix}" matches ${matches.length} runs; give more of the id`);
  throw new RunStoreError(`no run "${idOrPrefix}" in ${location}`);
}
