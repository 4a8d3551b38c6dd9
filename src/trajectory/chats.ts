// Conversations among stored runs: a follow-up is a child run of the run it continues
// (header.parent), so a chat's latest run is a Crux run that no other run continues.
import type { RunSummary } from './run-summary';

/** The latest run of each conversation, in the order given (the store lists newest first). */
export function latestOfChats(runs: readonly RunSummary[]): RunSummary[] {
  const crux = runs.filter((run) => run.agent === 'crux');
  const continued = new Set(crux.flatMap((run) => (run.parent ? [run.parent.runId] : [])));
  return crux.filter((run) => !continued.has(run.runId));
}
