// A Crux trajectory as one ATIF v1.7 document. What ATIF holds goes into its fields: the system
// prompt and user messages as system/user steps, each model turn as an agent step (message,
// reasoning, tool calls with their ids kept, the observations of those calls, token metrics,
// timestamps), the tool schemas as the agent's tool_definitions. What only Crux records (consent,
// the outcome and its updates, branches, loop findings, approvals, checkpoints, edits, validation)
// goes under `extra.crux`, so importing the document gives back the same trajectory
// (atif-import.ts). Per field, Crux writes an override only when the ATIF fields would not
// rebuild it exactly, so the common case carries no duplicate text.
import type { ChatMessage, ModelToolCall, ToolSpec } from '../../model/types';
import type { ModelTurnRecord, ObservationRecord, Trajectory, TrajectoryEvent } from '../format';
import {
  ATIF_VERSION, type AtifObservationResult, type AtifStep, type AtifToolCall, type AtifToolDefinition, type AtifTrajectory,
  type CruxObservationExtra, type CruxRunExtra, type CruxStepExtra,
} from './atif-types';
import { derivedAssistant, derivedNewMessages, derivedToolCalls, sameJson, toolCallArguments } from './atif-derive';

export function toAtifToolDefinitions(tools: readonly ToolSpec[]): AtifToolDefinition[] {
  return tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } }));
}

function isoTime(t: number | null): string | undefined {
  return t !== null && Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

const PLACEHOLDER = /\[REDACTED:[a-z0-9-]+-\d+\]/g;

function countPlaceholders(trajectory: Trajectory): number {
  return (JSON.stringify(trajectory).match(PLACEHOLDER) ?? []).length;
}

function toolCallOf(call: ModelToolCall): AtifToolCall {
  return { tool_call_id: call.id, function_name: call.name, arguments: toolCallArguments(call) };
}

function observationResult(event: ObservationRecord): AtifObservationResult {
  const crux: CruxObservationExtra = {
    seq: event.seq, t: event.t, name: event.name, isError: event.isError, exitCode: event.exitCode,
    truncated: event.truncated, durationMs: event.durationMs,
  };
  return { source_call_id: event.callId, content: event.output, extra: { crux } };
}

/** The system and user messages of a turn as their own steps; tool results are the previous
 * agent step's observation and are not repeated. */
function messageSteps(messages: readonly ChatMessage[]): Omit<AtifStep, 'step_id'>[] {
  const steps: Omit<AtifStep, 'step_id'>[] = [];
  for (const message of messages) {
    if (message.role === 'system' || message.role === 'user') steps.push({ source: message.role, message: message.content });
  }
  return steps;
}

function agentStep(turn: ModelTurnRecord, previous: AtifObservationResult[], observations: ObservationRecord[], others: TrajectoryEvent[]): Omit<AtifStep, 'step_id'> {
  const toolCalls = turn.toolCalls.map(toolCallOf);
  const results = observations.map(observationResult);
  const crux: CruxStepExtra = {
    step: turn.step, seq: turn.seq, t: turn.t, finishReason: turn.finishReason, latencyMs: turn.latencyMs,
    ...(turn.firstTokenMs !== undefined ? { firstTokenMs: turn.firstTokenMs } : {}),
    ...(turn.rawContent !== (turn.assistant.content ?? '') ? { rawContent: turn.rawContent } : {}),
    ...(turn.sentMessages ? { sentMessages: turn.sentMessages } : {}),
    events: others,
  };
  const messages = messageSteps(turn.newMessages);
  if (!sameJson(derivedNewMessages(messages, previous), turn.newMessages)) crux.newMessages = turn.newMessages;
  if (!sameJson(derivedToolCalls(toolCalls), turn.toolCalls)) crux.toolCalls = turn.toolCalls;
  if (!sameJson(derivedAssistant(turn.assistant.content ?? '', toolCalls, crux.toolCalls ?? turn.toolCalls), turn.assistant)) crux.assistant = turn.assistant;
  const usage = turn.usage;
  if (usage && usage.totalTokens !== usage.promptTokens + usage.completionTokens) crux.usage = usage;
  const timestamp = isoTime(turn.t);
  return {
    ...(timestamp ? { timestamp } : {}),
    source: 'agent',
    message: turn.assistant.content ?? '',
    ...(turn.reasoning ? { reasoning_content: turn.reasoning } : {}),
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    ...(results.length > 0 ? { observation: { results } } : {}),
    ...(usage ? { metrics: { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens } } : {}),
    extra: { crux },
  };
}

/** The ATIF document of a run. */
export function toAtif(trajectory: Trajectory): AtifTrajectory {
  const { header, outcome } = trajectory;
  const turns = trajectory.events.filter((event): event is ModelTurnRecord => event.type === 'model-turn');
  const turnSteps = new Set(turns.map((turn) => turn.step));
  const observationsByStep = new Map<number, ObservationRecord[]>();
  const othersByStep = new Map<number, TrajectoryEvent[]>();
  const loose: TrajectoryEvent[] = [];
  for (const event of trajectory.events) {
    if (event.type === 'model-turn') continue;
    if (!turnSteps.has(event.step)) {
      loose.push(event);
      continue;
    }
    if (event.type === 'observation') observationsByStep.set(event.step, [...(observationsByStep.get(event.step) ?? []), event]);
    else othersByStep.set(event.step, [...(othersByStep.get(event.step) ?? []), event]);
  }
  const copiedThrough = header.parent?.step ?? 0;
  const steps: AtifStep[] = [];
  let previous: AtifObservationResult[] = [];
  for (const turn of turns) {
    const copied = turn.step <= copiedThrough ? { is_copied_context: true } : {};
    for (const step of messageSteps(turn.newMessages)) steps.push({ step_id: steps.length + 1, ...step, ...copied });
    const step = agentStep(turn, previous, observationsByStep.get(turn.step) ?? [], othersByStep.get(turn.step) ?? []);
    steps.push({ step_id: steps.length + 1, ...step, ...copied });
    previous = step.observation?.results ?? [];
  }
  const { kind: _kind, format, model, tools, ...rest } = header;
  const crux: CruxRunExtra = {
    format,
    header: { ...rest, model: { serverKind: model.serverKind, serverUrl: model.serverUrl, ...(model.server ? { server: model.server } : {}) } },
    outcome: trajectory.outcomeHistory?.outcome ?? outcome,
    outcome_updates: trajectory.outcomeHistory?.updates ?? [],
    events: loose,
    redaction: { applied: header.source.format === format, placeholders: countPlaceholders(trajectory) },
  };
  const usage = outcome?.usage;
  return {
    schema_version: ATIF_VERSION,
    session_id: header.runId,
    trajectory_id: header.runId,
    agent: {
      name: header.source.agent,
      version: header.source.agent === 'crux' ? header.cruxVersion : 'unknown',
      model_name: model.name,
      tool_definitions: toAtifToolDefinitions(tools),
    },
    steps,
    notes: `Exported by Crux ${header.cruxVersion} from ${header.source.format}; Crux-only records are under extra.crux.`,
    final_metrics: {
      ...(usage ? { total_prompt_tokens: usage.promptTokens, total_completion_tokens: usage.completionTokens } : {}),
      total_steps: steps.length,
    },
    extra: { crux },
  };
}
