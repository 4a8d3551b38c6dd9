// A continuation (a follow-up to an ended run, recorded as a child at the run's last step)
// answers the user's new message at its first step. Two runs that continued the same run with
// different follow-ups meet at the same tree node, but their next actions were not taken in the
// same state: a pair between them would teach a preference between answers to different
// questions. The pair export skips such comparisons.
import type { ModelTurnRecord } from '../trajectory/format';
import type { TaskRun } from './task-runs';

/** The user's follow-up the run answered at `step`: set only for the first step a continuation
 * recorded itself. */
export function followUpAt(run: TaskRun, step: number, turn: ModelTurnRecord): string | null {
  if (!run.parent || run.parent.step !== step - 1 || run.ownSteps[0] !== step) return null;
  const users = turn.newMessages.filter((message) => message.role === 'user');
  return users.at(-1)?.content ?? null;
}
