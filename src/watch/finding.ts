// What the loop watch reports. Shared by the live watcher (an AgentEvent), trajectories
// (a recorded warning), the UI banner and the offline `crux detect`.

export type FindingKind =
  | 'identical-calls'
  | 'repeated-observation'
  | 'repeated-error'
  | 'cycle'
  | 'persistent-error'
  | 'stale'
  | 'repeated-text'
  | 'model-check'
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

/** What one signal saw of a loop. */
export interface FindingSignal {
  kind: FindingKind;
  severity: Severity;
  /** Repetitions (or steps without progress) the signal counted. */
  count: number;
  fromStep: number;
  toStep: number;
  summary: string;
  steps: number[];
}

/** One loop of a run. Every signal that sees the same loop adds to the same finding, and an
 * escalation (warning → stuck) re-reports it with the same id: one banner per id, updated in
 * place. */
export interface LoopFinding {
  /** Stable within a run: `loop-N` for a loop, `empty-patch-finish-N` for that check; after a
   * rollback the live watch prefixes the ids of a fresh detector (`r1:loop-1`). */
  id: string;
  /** The signal that leads the finding: the first to reach its severity. */
  kind: FindingKind;
  severity: Severity;
  /** First and last step of the loop (inclusive), model turns numbered from 1. */
  fromStep: number;
  toStep: number;
  evidence: FindingEvidence;
  recoveries: Recovery[];
  /** The message sent to the model when the user (or the policy) chooses to nudge. */
  nudge: string;
  /** Every signal that saw this loop, with its own evidence. Absent in runs recorded before
   * findings were grouped per loop (each signal then had its own finding). */
  signals?: FindingSignal[];
}
