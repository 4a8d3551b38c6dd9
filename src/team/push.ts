// Pushing shared runs to the team store. Only runs recorded at `share`, in a workspace whose
// consent is still `share`, ever leave the machine; each is redacted again on the way (the
// patterns may have grown since it was recorded), and put() is idempotent, so pushing twice,
// or after a crash half-way, uploads each run once and a run that grew is updated in place.
import type { ConsentLevel } from '../trajectory/format';
import { Redactor } from '../trajectory/privacy/redactor';
import type { RunStore, RunSyncTarget, PutResult } from '../trajectory/run-store';
import type { RunSummary } from '../trajectory/run-summary';
import type { PushLedger } from './ledger';
import { RunRefusedError, sha256Of } from './run-text';

export interface PushOptions {
  source: RunStore;
  target: RunSyncTarget;
  ledger: PushLedger;
  /** The workspace's consent now; anything but 'share' pushes nothing. null when there is
   * no workspace (a bare folder): each run's own consent decides. */
  consent: ConsentLevel | null;
  /** Only these runs (all when absent). */
  runIds?: readonly string[];
  onRun?: (runId: string, result: PushOutcome) => void;
  signal?: AbortSignal;
  /** Runs in flight at once (default 4). */
  concurrency?: number;
}

const PUSH_CONCURRENCY = 4;
const FLUSH_EVERY = 25;

export type PushOutcome = PutResult | { skipped: string } | { refused: string };

export interface PushReport {
  created: number;
  updated: number;
  unchanged: number;
  skipped: { runId: string; reason: string }[];
  refused: { runId: string; reason: string }[];
  /** Set when consent stopped the whole push. */
  stopped: string | null;
}

export async function pushRuns(options: PushOptions): Promise<PushReport> {
  const report: PushReport = { created: 0, updated: 0, unchanged: 0, skipped: [], refused: [], stopped: null };
  if (options.consent !== null && options.consent !== 'share') {
    report.stopped = `this workspace's consent is "${options.consent}": nothing is pushed (runs go to a team store only at "share")`;
    return report;
  }
  const wanted = options.runIds ? new Set(options.runIds) : null;
  const runs = (await options.source.list()).filter((run) => !wanted || wanted.has(run.runId)).reverse();
  let next = 0;
  let sinceFlush = 0;
  // A few runs in flight: one run's redaction overlaps another's round trips to the server.
  const worker = async (): Promise<void> => {
    while (next < runs.length && !options.signal?.aborted) {
      const run = runs[next++] as RunSummary;
      record(run, await pushOne(run, options));
      if (++sinceFlush >= FLUSH_EVERY) {
        sinceFlush = 0;
        await options.ledger.flush();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? PUSH_CONCURRENCY, runs.length) }, worker));
  } finally {
    await options.ledger.flush();
  }
  return report;

  function record(run: RunSummary, outcome: PushOutcome): void {
    if (typeof outcome === 'string') {
      if (outcome === 'created' || outcome === 'updated' || outcome === 'unchanged') report[outcome]++;
    } else if ('skipped' in outcome) {
      report.skipped.push({ runId: run.runId, reason: outcome.skipped });
    } else {
      report.refused.push({ runId: run.runId, reason: outcome.refused });
    }
    options.onRun?.(run.runId, outcome);
  }
}

async function pushOne(run: RunSummary, options: PushOptions): Promise<PushOutcome> {
  if (run.consent !== 'share') return { skipped: `recorded at consent "${run.consent}"` };
  if (run.end === null) return { skipped: 'no outcome yet (still running, or interrupted)' };
  const text = redactAgain(await options.source.readText(run.runId));
  const sha256 = sha256Of([text]);
  const pushed = options.ledger.get(run.runId);
  if (pushed && pushed.target === options.target.location && pushed.sha256 === sha256) return 'unchanged';
  let result: PutResult;
  try {
    result = await options.target.put(run.runId, text);
  } catch (error) {
    if (error instanceof RunRefusedError) return { refused: error.message };
    throw error;
  }
  options.ledger.set(run.runId, { target: options.target.location, sha256, pushedAt: new Date().toISOString() });
  return result;
}

/** Each record through a fresh redactor (one per run, as when it was recorded). A line that
 * holds nothing to redact is kept as it was, byte for byte. */
export function redactAgain(text: string): string {
  const redactor = new Redactor();
  const lines = text.split('\n');
  const last = lines.pop();
  const out = lines.map((line) => {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return line; // a damaged line: checkRun refuses the run
    }
    const redacted = JSON.stringify(redactor.redactValue(record));
    return redacted === JSON.stringify(record) ? line : redacted;
  });
  return `${out.join('\n')}\n${last ?? ''}`;
}

/** Withdraws runs from the team store (the right to withdraw): deleted there, and forgotten
 * by the ledger. Returns the ids that were there. */
export async function withdrawRuns(runIds: readonly string[], target: RunSyncTarget, ledger: PushLedger): Promise<string[]> {
  const withdrawn: string[] = [];
  for (const runId of runIds) {
    if (await target.deleteIfPresent(runId)) withdrawn.push(runId);
    await ledger.remove(runId);
  }
  return withdrawn;
}
