// The AgentEvent stream: the one output of a run. The UI, the trajectory recorder and the
// loop watcher all consume it; none of them reaches into the agent's state.
import type { ServerFacts } from '../model/server-facts';
import type { RiskClass } from '../host/ports';
import type { ChatMessage, ModelDelta, ModelToolCall, ServerKind, TokenUsage, ToolFormat, ToolSpec } from '../model/types';
import type { FileEdit } from '../tools/types';
import type { LoopFinding, Recovery } from '../watch/finding';
import type { RuleFileRef } from '../context/project-rules';
import type { AgentMode } from './mode';

export type RunEndReason = 'finished' | 'step-limit' | 'aborted' | 'error';

export interface RunStartedEvent {
  type: 'run-started';
  runId: string;
  task: string;
  workspaceRoot: string;
  model: string;
  serverUrl: string;
  serverKind: ServerKind;
  /** What the server said about serving the model (context window, template, reply cap). */
  serverFacts?: ServerFacts;
  toolFormat: ToolFormat;
  tools: ToolSpec[];
  sampling: { temperature?: number; topP?: number; maxTokens?: number };
  maxSteps: number;
  /** act or ask (the agent always says; absent only in hand-made events). */
  mode?: AgentMode;
  /** The project's rule files in the system prompt (paths and hashes; the text is in the prompt). */
  rules?: RuleFileRef[];
}

/** A model turn was asked for; the first model-delta ends the wait for the first token. */
export interface ModelRequestEvent {
  type: 'model-request';
  step: number;
}

export interface ModelDeltaEvent {
  type: 'model-delta';
  step: number;
  delta: ModelDelta;
}

export interface ModelTurnEvent {
  type: 'model-turn';
  step: number;
  /** Messages appended to the conversation since the previous turn: for turn 1 the system
   * prompt and the task, later the observations, nudges and user messages. Turn N's prompt
   * is every earlier turn's newMessages and assistant message, then its own newMessages. */
  newMessages: ChatMessage[];
  /** Set when context management dropped or shortened earlier messages for this turn:
   * the exact messages sent, so any turn can be rebuilt as the model saw it. */
  sentMessages?: ChatMessage[];
  /** The assistant message as it enters the conversation. */
  assistant: ChatMessage & { role: 'assistant' };
  rawContent: string;
  content: string;
  reasoning: string;
  toolCalls: ModelToolCall[];
  finishReason: string;
  usage?: TokenUsage;
  latencyMs: number;
  firstTokenMs?: number;
}

export interface ToolCallEvent {
  type: 'tool-call';
  step: number;
  callId: string;
  name: string;
  argumentsText: string;
  arguments?: Record<string, unknown>;
  /** False for unknown tools, unparseable JSON and schema violations. */
  valid: boolean;
  invalidReason?: string;
  risk: RiskClass;
  title: string;
}

export interface ApprovalEvent {
  type: 'approval';
  step: number;
  callId: string;
  /** 'policy' when settings decided without asking the user. */
  decidedBy: 'user' | 'policy';
  approved: boolean;
  reason?: string;
}

/** Live output of a running tool (a command's terminal output), for display only: the
 * tool-result event carries the output the model sees. */
export interface ToolOutputEvent {
  type: 'tool-output';
  step: number;
  callId: string;
  chunk: string;
}

export interface ToolResultEvent {
  type: 'tool-result';
  step: number;
  callId: string;
  name: string;
  output: string;
  isError: boolean;
  exitCode?: number | null;
  truncated: boolean;
  durationMs: number;
  /** The whole text the output shows part of (a file read by page or line range), for the
   * recorder's redaction only: it is never recorded, and the model never sees it. */
  sourceText?: string;
}

export interface EditEvent {
  type: 'edit';
  step: number;
  callId: string;
  edit: FileEdit;
}

/** A nested AGENTS.md was appended to a tool call's observation: the call worked on a path in
 * a folder whose rules this run had not given yet (src/context/nested-rules.ts). */
export interface RulesAddedEvent {
  type: 'rules-added';
  step: number;
  callId: string;
  /** Workspace-relative path of the AGENTS.md. */
  path: string;
  /** The folder it applies to (workspace-relative, no trailing slash). */
  folder: string;
  /** Characters of the file, and whether the text given was cut. */
  chars: number;
  truncated: boolean;
  sha256: string;
}

export interface CheckpointEvent {
  type: 'checkpoint';
  step: number;
  checkpointId: string;
  label: string;
}

export interface UserMessageEvent {
  type: 'user-message';
  step: number;
  text: string;
  /** 'user' typed by a person; 'nudge' injected by the loop watch; 'system' by the agent
   * (e.g. a reminder to call a tool). */
  source: 'user' | 'nudge' | 'system';
}

/** The loop watch saw a loop or a stuck state. */
export interface LoopWarningEvent {
  type: 'loop-warning';
  step: number;
  finding: LoopFinding;
}

/** A way out of a loop was taken, by the user or automatically by the watch policy. */
export interface RecoveryEvent {
  type: 'recovery';
  step: number;
  findingId: string;
  action: Recovery;
  decidedBy: 'user' | 'policy';
  /** For rollback: the checkpoint restored and the step the conversation returned to. */
  checkpointId?: string;
  toStep?: number;
}

export interface ErrorEvent {
  type: 'error';
  step: number;
  message: string;
  /** Fatal errors end the run; others are reported and the run goes on. */
  fatal: boolean;
}

export interface RunFinishedEvent {
  type: 'run-finished';
  reason: RunEndReason;
  steps: number;
  summary?: string;
  /** One line saying why the run ended, for CLIs and status bars. */
  message: string;
  /** The workspace diff at the end (git diff against the starting commit, new files included). */
  patch: string;
  usage: TokenUsage;
  invalidToolCalls: number;
}

export type AgentEvent =
  | RunStartedEvent
  | ModelRequestEvent
  | ModelDeltaEvent
  | ModelTurnEvent
  | ToolCallEvent
  | ApprovalEvent
  | ToolOutputEvent
  | ToolResultEvent
  | EditEvent
  | RulesAddedEvent
  | CheckpointEvent
  | UserMessageEvent
  | LoopWarningEvent
  | RecoveryEvent
  | ErrorEvent
  | RunFinishedEvent;

export type AgentEventListener = (event: AgentEvent) => void;
