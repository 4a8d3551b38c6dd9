// The store's index entries as rows of the history page.
import type { HistoryRun } from '../../../src/protocol';
import type { RunSummary } from '../../../src/trajectory/run-summary';

export function historyRunOf(summary: RunSummary): HistoryRun {
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
  };
}
