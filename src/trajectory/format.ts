// The trajectory format, crux.trajectory/1: one JSON Lines file per run.
//   line 1        a header (what ran, where, with which model and tools, under which consent)
//   lines 2..n    events, in order (model turns, tool calls, observations, edits, approvals, ...)
//   then          an outcome line, and later any number of outcome-update lines
// docs/trajectory-format.md explains every field; schemas/crux.trajectory-1.schema.json
// validates it. Changing a field's meaning needs a new format version.
import type { RunEndReason } from '../agent/events';
import type { Sampling } from '../agent/config';
import type { RiskClass } from '../host/ports';
import type { ChatMessage, ModelToolCall, TokenUsage, ToolSpec } from '../model/types';
import type { LoopFinding, Recovery } from '../watch/finding';

export const TRAJECTORY_FORMAT = 'crux.trajectory/1';

/** off: nothing is written; local: kept on this machine; share: may be exported for a team. */
export type ConsentLevel = 'off' | 'local' | 'share';

export interface ServerReport {
  contextTokens?: number;
  trainedContextTokens?: number;
  templateTools?: boolean;
  replyTokens?: number;
  /** The endpoints asked, e.g. ["/props", "/v1/models"]. */
  sources: string[];
}

export interface TrajectoryHeader {
  kind: 'header';
  format: typeof TRAJECTORY_FORMAT;
  runId: string;
  /** ISO 8601. */
  createdAt: string;
  /** id groups runs of the same task into one tree (a rollout task id, a SWE-bench instance
   * id, or a hash of the task text and repository for ad-hoc runs). */
  task: { id: string; text: string };
  repository: { remote: string | null; commit: string | null };
  /** `server`: what the server reported about serving the model, when it said (Crux runs). */
  model: { name: string; serverKind: string; serverUrl: string | null; server?: ServerReport };
  sampling: Sampling;
  /** 'native' | 'hermes' | 'xml' | 'json' for Crux runs; null when unknown (imports). */
  toolFormat: string | null;
  tools: ToolSpec[];
  maxSteps: number | null;
  cruxVersion: string;
  consent: Exclude<ConsentLevel, 'off'>;
  /** Set when this run continues another run's prefix: it shares the parent's steps
   * 1..step and branches after them. */
  parent: { runId: string; step: number } | null;
  /** Who produced the run: 'crux', or the agent an import came from. */
  source: { agent: string; format: string; file: string | null };
  /** act or ask; absent in runs recorded before modes (they are act). */
  mode?: 'act' | 'ask';
  /** The project's rule files the system prompt held; absent when none (or before rules). */
  rules?: { path: string; chars: number; truncated: boolean; sha256: string }[];
}

interface EventBase {
  kind: 'event';
  /** 1, 2, 3... in file order; a gap means a lost line. */
  seq: number;
  /** Milliseconds since the epoch; null when the source had no time (imports). */
  t: number | null;
  /** The model turn this event belongs to (actions are numbered from 1). */
  step: number;
}

export interface ModelTurnRecord extends EventBase {
  type: 'model-turn';
  /** Messages added since the previous turn; turn 1 holds the system prompt and task. */
  newMessages: ChatMessage[];
  /** Present when context management changed what was sent: the exact messages sent. */
  sentMessages?: ChatMessage[];
  assistant: ChatMessage & { role: 'assistant' };
  rawContent: string;
  reasoning: string;
  toolCalls: ModelToolCall[];
  finishReason: string;
  usage: TokenUsage | null;
  latencyMs: number | null;
  /** Milliseconds from the request to the first streamed token, when measured. */
  firstTokenMs?: number;
}

export interface ToolCallRecord extends EventBase {
  type: 'tool-call';
  callId: string;
  name: string;
  argumentsText: string;
  arguments: Record<string, unknown> | null;
  valid: boolean;
  invalidReason: string | null;
  risk: RiskClass;
}

export interface ObservationRecord extends EventBase {
  type: 'observation';
  callId: string;
  name: string;
  output: string;
  isError: boolean;
  exitCode: number | null;
  truncated: boolean;
  durationMs: number | null;
}

export interface EditRecord extends EventBase {
  type: 'edit';
  callId: string;
  path: string;
  diff: string;
  beforeHash: string | null;
  afterHash: string;
}

export interface ApprovalRecord extends EventBase {
  type: 'approval';
  callId: string;
  decidedBy: 'user' | 'policy';
  approved: boolean;
  reason: string | null;
}

/** A nested AGENTS.md was appended to the observation of call `callId` (its text is in that
 * observation); the file's hash tells which version the run was given. */
export interface RulesAddedRecord extends EventBase {
  type: 'rules-added';
  callId: string;
  /** Workspace-relative path of the AGENTS.md. */
  path: string;
  /** The folder it applies to (workspace-relative, no trailing slash). */
  folder: string;
  chars: number;
  truncated: boolean;
  sha256: string;
}

export interface CheckpointRecord extends EventBase {
  type: 'checkpoint';
  checkpointId: string;
  label: string;
}

export interface UserMessageRecord extends EventBase {
  type: 'user-message';
  text: string;
  source: 'user' | 'nudge' | 'system';
}

export interface WarningRecord extends EventBase {
  type: 'loop-warning';
  finding: LoopFinding;
}

export interface RecoveryRecord extends EventBase {
  type: 'recovery';
  findingId: string;
  action: Recovery;
  decidedBy: 'user' | 'policy';
  checkpointId: string | null;
  toStep: number | null;
}

export interface ErrorRecord extends EventBase {
  type: 'error';
  message: string;
  fatal: boolean;
}

export type TrajectoryEvent =
  | ModelTurnRecord
  | ToolCallRecord
  | ObservationRecord
  | EditRecord
  | ApprovalRecord
  | RulesAddedRecord
  | CheckpointRecord
  | UserMessageRecord
  | WarningRecord
  | RecoveryRecord
  | ErrorRecord;

export interface TestResult {
  command: string;
  passed: boolean;
  exitCode: number | null;
  timedOut: boolean;
  /** The last lines of the test output. */
  outputTail: string;
}

export interface TrajectoryOutcome {
  kind: 'outcome';
  t: number | null;
  end: RunEndReason;
  message: string;
  summary: string | null;
  /** The final patch: the workspace diff at the end of the run. */
  patch: string;
  emptyPatch: boolean;
  steps: number;
  usage: TokenUsage;
  invalidToolCalls: number;
  test: TestResult | null;
  verdict: 'accept' | 'reject' | null;
  /** The success label used for training: from the tests, the user's verdict or an
   * import's label; null when unknown. */
  resolved: boolean | null;
}

/** Appended after the fact (a test run later, the user's verdict, a benchmark report).
 * Fields present replace the outcome's; events are never rewritten. */
export interface OutcomeUpdate {
  kind: 'outcome-update';
  t: number | null;
  test?: TestResult;
  verdict?: 'accept' | 'reject' | null;
  resolved?: boolean | null;
  /** Where the update came from, e.g. "sb-cli-report.json" or "user". */
  origin: string;
}

export type TrajectoryRecord = TrajectoryHeader | TrajectoryEvent | TrajectoryOutcome | OutcomeUpdate;

/** A whole run in memory, as a reader returns it. */
export interface Trajectory {
  header: TrajectoryHeader;
  events: TrajectoryEvent[];
  /** The outcome with every update applied; null for a run that never ended (a crash). */
  outcome: TrajectoryOutcome | null;
  /** Problems found while reading (a truncated last line, a gap in seq): reported, not fatal. */
  problems: string[];
  /** The outcome as first written and the updates after it, in file order; present when the
   * file had updates, so writers (serializeTrajectory, the exporters) keep them. */
  outcomeHistory?: { outcome: TrajectoryOutcome; updates: OutcomeUpdate[] };
}
