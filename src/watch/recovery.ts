// Which way out the live watch takes for a finding, by policy: the defaults warn and nudge a
// looping model (a soft tier, for weak local models), and stop only when the loop goes on.
import type { WatchAction, WatchPolicy } from './config';
import type { LoopFinding } from './finding';

/** The action for a finding the detector just reported (new or escalated). */
export function chooseAction(finding: LoopFinding, policy: WatchPolicy, recoveriesSoFar: number): WatchAction {
  if (finding.severity === 'notice') return 'none';
  const action = finding.severity === 'stuck' ? policy.onStuck : policy.onWarning;
  if ((action === 'nudge' || action === 'rollback') && recoveriesSoFar >= policy.maxRecoveries) {
    // The model has had its chances: a run that keeps looping is handled as stuck.
    return policy.onStuck === 'stop' ? 'stop' : 'none';
  }
  return action;
}

/** The findings worth acting on first: the most severe, then the one that began earliest. */
export function mostUrgent(findings: readonly LoopFinding[]): LoopFinding | null {
  const rank = { notice: 0, warning: 1, stuck: 2 } as const;
  let best: LoopFinding | null = null;
  for (const finding of findings) {
    if (!best || rank[finding.severity] > rank[best.severity] || (rank[finding.severity] === rank[best.severity] && finding.fromStep < best.fromStep)) best = finding;
  }
  return best;
}

/** Sent after a rollback: what was undone and why, so the model does not walk into it again. */
export function rollbackNudge(finding: LoopFinding, toStep: number): string {
  return `The last steps were undone: the workspace and this conversation are back to how they were after step ${toStep}, ` +
    `because you were going round in a loop (${finding.evidence.summary}). ` +
    'Do not repeat that approach. Think about why it failed, then take a different one.';
}

/** The run's end message when the watch stops it. */
export function stopMessage(finding: LoopFinding): string {
  return `Stopped by the loop watch: ${finding.evidence.summary}.`;
}

/** What the model is told when it finishes without having changed anything. */
export const EMPTY_PATCH_NUDGE =
  'Not finished: the workspace has no changes, so nothing has been fixed yet. ' +
  'Make the change the task needs and check it; call finish again only if no change is needed, and say why.';
