// What the loop watch reports. Shared by the live watcher (an AgentEvent), trajectories
// (a recorded warning), the UI banner and the offline `crux detect`.

export type FindingKind =
  | 'identical-calls'
  | 'repeated-observation'
  | 'repeated-error'
  | 'cycle'
  | 'edit-revert'
  | 'no-progress'
  | 'no-tool-call'
  | 'invalid-call-streak'
  | 'empty-patch-finish';

/** notice: worth knowing; warning: likely a loop; stuck: a loop that goes on. */
export type Severity = 'notice' | 'warning' | 'stuck';

/** Ways out a finding offers. rollback returns the workspace and the conversation to the
 * checkpoint before the loop began and continues with a nudge. */
export type Recovery = 'nudge' | 'rollback' | 'stop' | 'dismiss';

export interface FindingEvidence {
  /** One sentence a person can read, e.g. "run_command `pytest` failed with the same error at steps 4, 6 and 8". */
  summary: string;
  /** The steps (model turns, numbered from 1) that repeat. */
  steps: number[];
}

export interface LoopFinding {
  /** Stable within a run, so a later escalation of the same loop can replace the banner. */
  id: string;
  kind: FindingKind;
  severity: Severity;
  /** First and last step of the loop (inclusive), model turns numbered from 1. */
  fromStep: number;
  toStep: number;
  evidence: FindingEvidence;
  recoveries: Recovery[];
  /** The message sent to the model when the user (or the policy) chooses to nudge. */
  nudge: string;
}
