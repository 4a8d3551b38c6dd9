// The store's index entries as rows of the history page.
import type { HistoryRun } from '../../../src/protocol';
import type { RunSummary } from '../../../src/trajectory/run-summary';

/** `carriedOn`: whether the run is going in this window or another run continues it; a Crux
 * run without an outcome that is neither was interrupted, and can be resumed. */
export function historyRunOf(summary: RunSummary, carriedOn: (runId: string) => boolean = () => false): HistoryRun {
  return {
    runId: summary.runId,
    taskId: summary.taskId,
    title: summary.title,
    model: summary.model,
    agent: summary.agent,
    createdAt: summary.createdAt,
    end: summary.end,
    steps: summary.steps,
    resolved: summary.resolved,
    verdict: summary.verdict,
    testPassed: summary.testPassed,
    emptyPatch: summary.emptyPatch,
    branchOf: summary.parent?.runId ?? null,
    interrupted: summary.end === null && summary.agent === 'crux' && !carriedOn(summary.runId),
  };
}
