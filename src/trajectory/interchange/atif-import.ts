// An ATIF document Crux exported (atif-export.ts), back to the exact trajectory it came from:
// the ATIF fields give the messages, tool calls, observations and metrics; extra.crux gives the
// header fields, the outcome and its updates, and every record ATIF has no field for. Overrides
// under extra.crux win over what the ATIF fields derive (atif-derive.ts).
import { applyOutcomeUpdates } from '../jsonl';
import { TRAJECTORY_FORMAT, type ModelTurnRecord, type ObservationRecord, type Trajectory, type TrajectoryEvent, type TrajectoryHeader } from '../format';
import type { ToolSpec } from '../../model/types';
import { contentOf, derivedAssistant, derivedNewMessages, derivedToolCalls } from './atif-derive';
import type { AtifObservationResult, AtifStep, AtifTrajectory, CruxObservationExtra, CruxRunExtra, CruxStepExtra } from './atif-types';

function cruxExtra(value: { extra?: Record<string, unknown> } | null | undefined): Record<string, unknown> | null {
  const crux = value?.extra?.crux;
  return crux !== null && typeof crux === 'object' && !Array.isArray(crux) ? crux as Record<string, unknown> : null;
}

/** Whether a parsed ATIF document carries Crux's extras (and so restores exactly). */
export function isCruxAtif(document: Record<string, unknown>): boolean {
  const crux = cruxExtra(document as { extra?: Record<string, unknown> });
  return crux?.format === TRAJECTORY_FORMAT && typeof crux.header === 'object' && crux.header !== null;
}

function toolsOf(document: AtifTrajectory): ToolSpec[] {
  return (document.agent.tool_definitions ?? []).map((definition) => ({
    name: definition.function.name, description: definition.function.description ?? '', parameters: definition.function.parameters ?? {},
  }));
}

function turnOf(step: AtifStep, crux: CruxStepExtra, pending: AtifStep[], previous: AtifObservationResult[]): ModelTurnRecord {
  const atifCalls = step.tool_calls ?? [];
  const toolCalls = crux.toolCalls ?? derivedToolCalls(atifCalls);
  const assistant = crux.assistant ?? derivedAssistant(contentOf(step.message).text, atifCalls, toolCalls);
  const metrics = step.metrics;
  const usage = crux.usage !== undefined
    ? crux.usage
    : metrics ? { promptTokens: metrics.prompt_tokens ?? 0, completionTokens: metrics.completion_tokens ?? 0, totalTokens: (metrics.prompt_tokens ?? 0) + (metrics.completion_tokens ?? 0) } : null;
  return {
    kind: 'event', seq: crux.seq, t: crux.t, step: crux.step, type: 'model-turn',
    newMessages: crux.newMessages ?? derivedNewMessages(pending, previous),
    ...(crux.sentMessages ? { sentMessages: crux.sentMessages } : {}),
    assistant,
    rawContent: crux.rawContent ?? (assistant.content ?? ''),
    reasoning: step.reasoning_content ?? '',
    toolCalls,
    finishReason: crux.finishReason,
    usage,
    latencyMs: crux.latencyMs,
    ...(crux.firstTokenMs !== undefined ? { firstTokenMs: crux.firstTokenMs } : {}),
  };
}

function observationOf(result: AtifObservationResult, step: number): ObservationRecord | null {
  const crux = cruxExtra(result) as CruxObservationExtra | null;
  if (!crux) return null;
  return {
    kind: 'event', seq: crux.seq, t: crux.t, step, type: 'observation', callId: result.source_call_id ?? '', name: crux.name,
    output: contentOf(result.content).text, isError: crux.isError, exitCode: crux.exitCode, truncated: crux.truncated, durationMs: crux.durationMs,
  };
}

export function fromCruxAtif(value: Record<string, unknown>): Trajectory {
  const document = value as unknown as AtifTrajectory;
  const run = cruxExtra(document) as unknown as CruxRunExtra;
  const saved = run.header;
  // In the order the recorder writes a header, so a restored file is byte-identical.
  const header: TrajectoryHeader = {
    kind: 'header', format: TRAJECTORY_FORMAT, runId: saved.runId, createdAt: saved.createdAt, task: saved.task,
    repository: saved.repository,
    model: {
      name: document.agent.model_name ?? 'unknown', serverKind: saved.model.serverKind, serverUrl: saved.model.serverUrl,
      ...(saved.model.server ? { server: saved.model.server } : {}),
    },
    sampling: saved.sampling, toolFormat: saved.toolFormat, tools: toolsOf(document), maxSteps: saved.maxSteps,
    cruxVersion: saved.cruxVersion, consent: saved.consent, parent: saved.parent, source: saved.source,
    // The mode and the project rules the system prompt held (absent in older runs).
    ...(saved.mode ? { mode: saved.mode } : {}),
    ...(saved.rules ? { rules: saved.rules } : {}),
  };
  const events: TrajectoryEvent[] = [...(run.events ?? [])];
  const problems: string[] = [];
  let pending: AtifStep[] = [];
  let previous: AtifObservationResult[] = [];
  for (const step of document.steps) {
    if (step.source !== 'agent') {
      pending.push(step);
      continue;
    }
    const crux = cruxExtra(step) as CruxStepExtra | null;
    if (!crux) {
      problems.push(`step ${step.step_id}: an agent step without Crux's records was skipped`);
      continue;
    }
    events.push(turnOf(step, crux, pending, previous), ...(crux.events ?? []));
    previous = step.observation?.results ?? [];
    for (const result of previous) {
      const observation = observationOf(result, crux.step);
      if (observation) events.push(observation);
    }
    pending = [];
  }
  events.sort((a, b) => a.seq - b.seq);
  const updates = run.outcome_updates ?? [];
  if (!run.outcome) return { header, events, outcome: null, problems };
  return {
    header, events, outcome: applyOutcomeUpdates(run.outcome, updates), problems,
    ...(updates.length > 0 ? { outcomeHistory: { outcome: run.outcome, updates } } : {}),
  };
}
