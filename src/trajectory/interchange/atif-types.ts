// The Agent Trajectory Interchange Format (ATIF), v1.7, as the Harbor project's RFC 0001 and
// its reference models define it: one JSON document per run, `steps` numbered from 1, each a
// system prompt, a user message or an agent turn (message, reasoning, tool calls, the
// observation of those calls, LLM metrics). Fields a producer has no value for are left out.
// Crux's own records that ATIF has no field for travel under `extra.crux` (see CruxRunExtra).
import type { OutcomeUpdate, TrajectoryEvent, TrajectoryHeader, TrajectoryOutcome } from '../format';
import type { ChatMessage, ModelToolCall, TokenUsage } from '../../model/types';

export const ATIF_VERSION = 'ATIF-v1.7';

/** A v1.6+ multimodal content part; text parts are read, others are counted and left out. */
export interface AtifContentPart {
  type: string;
  text?: string;
  [key: string]: unknown;
}

export interface AtifToolCall {
  tool_call_id: string;
  function_name: string;
  /** Always a JSON object (may be empty). */
  arguments: Record<string, unknown>;
  extra?: Record<string, unknown>;
}

export interface AtifObservationResult {
  source_call_id?: string | null;
  content?: string | AtifContentPart[] | null;
  subagent_trajectory_ref?: unknown[] | null;
  extra?: Record<string, unknown>;
}

export interface AtifMetrics {
  prompt_tokens?: number;
  completion_tokens?: number;
  cached_tokens?: number;
  cost_usd?: number;
  prompt_token_ids?: number[];
  completion_token_ids?: number[];
  logprobs?: number[];
  extra?: Record<string, unknown>;
}

export type AtifSource = 'system' | 'user' | 'agent';

export interface AtifStep {
  step_id: number;
  timestamp?: string;
  source: AtifSource;
  model_name?: string;
  reasoning_effort?: string | number;
  message: string | AtifContentPart[];
  reasoning_content?: string;
  tool_calls?: AtifToolCall[];
  observation?: { results: AtifObservationResult[] };
  metrics?: AtifMetrics;
  /** v1.7: the step was copied from an earlier run (a branch's shared prefix). */
  is_copied_context?: boolean;
  llm_call_count?: number;
  extra?: Record<string, unknown>;
}

export interface AtifToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface AtifAgent {
  name: string;
  version: string;
  model_name?: string;
  tool_definitions?: AtifToolDefinition[];
  extra?: Record<string, unknown>;
}

export interface AtifFinalMetrics {
  total_prompt_tokens?: number;
  total_completion_tokens?: number;
  total_cached_tokens?: number;
  total_cost_usd?: number;
  total_steps?: number;
  extra?: Record<string, unknown>;
}

export interface AtifTrajectory {
  schema_version: string;
  session_id?: string;
  trajectory_id?: string;
  agent: AtifAgent;
  steps: AtifStep[];
  notes?: string;
  final_metrics?: AtifFinalMetrics;
  continued_trajectory_ref?: string;
  extra?: Record<string, unknown>;
  subagent_trajectories?: AtifTrajectory[];
}

/** `extra.crux` at the root: the header fields ATIF has no place for, the outcome as recorded
 * and every later update, and the events of no model turn (step 0). */
export interface CruxRunExtra {
  format: TrajectoryHeader['format'];
  header: Omit<TrajectoryHeader, 'kind' | 'format' | 'model' | 'tools'> & { model: Omit<TrajectoryHeader['model'], 'name'> };
  outcome: TrajectoryOutcome | null;
  outcome_updates: OutcomeUpdate[];
  /** Events recorded outside any model turn (a message before the first turn). */
  events: TrajectoryEvent[];
  /** Redaction happened when the run was recorded (Crux runs), never on import. */
  redaction: { applied: boolean; placeholders: number };
}

/** `extra.crux` on an agent step: what the model turn holds beyond ATIF's fields, and the
 * step's other records (validation, approvals, checkpoints, edits, loop findings, recoveries,
 * errors, user messages) verbatim. Fields that can be derived from the ATIF fields are left out;
 * they are written only when the derivation would differ (then they override it). */
export interface CruxStepExtra {
  step: number;
  seq: number;
  t: number | null;
  finishReason: string;
  latencyMs: number | null;
  firstTokenMs?: number;
  rawContent?: string;
  newMessages?: ChatMessage[];
  sentMessages?: ChatMessage[];
  assistant?: ChatMessage & { role: 'assistant' };
  /** Tool calls as emitted, when ATIF's object arguments do not say it (invalid JSON, key order). */
  toolCalls?: ModelToolCall[];
  usage?: TokenUsage | null;
  events: TrajectoryEvent[];
}

/** `extra.crux` on an observation result: the observation record's fields beyond its text. */
export interface CruxObservationExtra {
  seq: number;
  t: number | null;
  name: string;
  isError: boolean;
  exitCode: number | null;
  truncated: boolean;
  durationMs: number | null;
}
