// The store's index entries as rows of the history page.
import type { HistoryRun } from '../../../src/protocol';
import type { RunSummary } from '../../../src/trajectory/run-summary';

/** `running`: whether the run is going in this window (a run without an outcome that is not
 * going was interrupted). */
export function historyRunOf(summary: RunSummary, running: (runId: string) => boolean = () => false): HistoryRun {
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
    interrupted: summary.end === null && summary.agent === 'crux' && !running(summary.runId),
  };
}
