// Deleting a run that was pushed also deletes it from the team store (the right to withdraw):
// `crux runs delete` asks this before it removes the file, so a run is never gone here while
// still held there without the user being told.
import { resolve } from 'node:path';
import { PushLedger } from '../team/ledger';
import { PgRunStore } from '../team/pg-store';
import { withdrawRuns } from '../team/push';
import { RunStoreError } from '../trajectory/run-store';

export interface WithdrawOptions {
  team?: string;
  keepShared?: boolean;
}

/** Withdraws the run from the team store it was pushed to, if it was pushed. Throws a
 * RunStoreError (the run is then not deleted here) when that store cannot be reached or named. */
export async function withdrawIfPushed(storeDir: string, runId: string, options: WithdrawOptions): Promise<string | null> {
  const ledger = await PushLedger.open(resolve(storeDir));
  const pushed = ledger.get(runId);
  if (!pushed || options.keepShared) return null;
  const url = options.team ?? (process.env.CRUX_TEAM_URL || undefined);
  if (!url) {
    throw new RunStoreError(`run ${runId} was pushed to ${pushed.target}; give --team URL (or set CRUX_TEAM_URL) to delete it there too, or --keep-shared to delete it only here`);
  }
  const target = new PgRunStore(url, { retryDeadlineMs: 15_000 });
  try {
    await withdrawRuns([runId], target, ledger);
    return target.location;
  } finally {
    await target.close();
  }
}
