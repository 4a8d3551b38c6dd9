// AgentEvent → trajectory record. Display-only events (model deltas, live tool output) have
// no record: the model turn and the tool result carry what the model actually saw.
import type { AgentEvent, RunFinishedEvent, RunStartedEvent } from '../agent/events';
import { CRUX_VERSION } from '../version';
import type { ServerFacts } from '../model/server-facts';
import type { ServerReport, TrajectoryEvent, TrajectoryHeader, TrajectoryOutcome } from './format';
import { TRAJECTORY_FORMAT } from './format';

export interface HeaderFacts {
  createdAt: string;
  taskId: string;
  repository: TrajectoryHeader['repository'];
  consent: TrajectoryHeader['consent'];
  parent: TrajectoryHeader['parent'];
  source: TrajectoryHeader['source'];
  cruxVersion?: string;
}

export function headerRecord(event: RunStartedEvent, facts: HeaderFacts): TrajectoryHeader {
  return {
    kind: 'header',
    format: TRAJECTORY_FORMAT,
    runId: event.runId,
    createdAt: facts.createdAt,
    task: { id: facts.taskId, text: event.task },
    repository: facts.repository,
    model: {
      name: event.model, serverKind: event.serverKind, serverUrl: event.serverUrl || null,
      ...(event.serverFacts ? { server: serverReport(event.serverFacts) } : {}),
    },
    sampling: { ...event.sampling },
    toolFormat: event.toolFormat,
    tools: event.tools,
    maxSteps: event.maxSteps,
    cruxVersion: facts.cruxVersion ?? CRUX_VERSION,
    consent: facts.consent,
    parent: facts.parent,
    source: facts.source,
    ...(event.mode ? { mode: event.mode } : {}),
    ...(event.rules && event.rules.length > 0 ? { rules: event.rules } : {}),
  };
}

function serverReport(facts: ServerFacts): ServerReport {
  const { warnings: _warnings, ...report } = facts;
  return report;
}

/** The record of an event, or null for events that are not recorded. */
export function eventRecord(event: AgentEvent, seq: number, t: number): TrajectoryEvent | null {
  const base = { kind: 'event' as const, seq, t };
  switch (event.type) {
    case 'model-turn':
      return {
        ...base, step: event.step, type: 'model-turn', newMessages: event.newMessages,
        ...(event.sentMessages ? { sentMessages: event.sentMessages } : {}),
        assistant: event.assistant, rawContent: event.rawContent, reasoning: event.reasoning,
        toolCalls: event.toolCalls, finishReason: event.finishReason, usage: event.usage ?? null,
        latencyMs: event.latencyMs, ...(event.firstTokenMs !== undefined ? { firstTokenMs: event.firstTokenMs } : {}),
      };
    case 'tool-call':
      return {
        ...base, step: event.step, type: 'tool-call', callId: event.callId, name: event.name,
        argumentsText: event.argumentsText, arguments: event.arguments ?? null, valid: event.valid,
        invalidReason: event.invalidReason ?? null, risk: event.risk,
      };
    case 'tool-result':
      return {
        ...base, step: event.step, type: 'observation', callId: event.callId, name: event.name, output: event.output,
        isError: event.isError, exitCode: event.exitCode ?? null, truncated: event.truncated, durationMs: event.durationMs,
      };
    case 'edit':
      return {
        ...base, step: event.step, type: 'edit', callId: event.callId, path: event.edit.path, diff: event.edit.diff,
        beforeHash: event.edit.beforeHash, afterHash: event.edit.afterHash,
      };
    case 'approval':
      return {
        ...base, step: event.step, type: 'approval', callId: event.callId, decidedBy: event.decidedBy,
        approved: event.approved, reason: event.reason ?? null,
      };
    case 'rules-added':
      return {
        ...base, step: event.step, type: 'rules-added', callId: event.callId, path: event.path, folder: event.folder,
        chars: event.chars, truncated: event.truncated, sha256: event.sha256,
      };
    case 'checkpoint':
      return { ...base, step: event.step, type: 'checkpoint', checkpointId: event.checkpointId, label: event.label };
    case 'user-message':
      return { ...base, step: event.step, type: 'user-message', text: event.text, source: event.source };
    case 'loop-warning':
      return { ...base, step: event.step, type: 'loop-warning', finding: event.finding };
    case 'recovery':
      return {
        ...base, step: event.step, type: 'recovery', findingId: event.findingId, action: event.action,
        decidedBy: event.decidedBy, checkpointId: event.checkpointId ?? null, toStep: event.toStep ?? null,
      };
    case 'error':
      return { ...base, step: event.step, type: 'error', message: event.message, fatal: event.fatal };
    case 'run-started':
    case 'run-finished':
    case 'model-request':
    case 'model-delta':
    case 'tool-output':
      return null;
  }
}

export function outcomeRecord(event: RunFinishedEvent, t: number): TrajectoryOutcome {
  return {
    kind: 'outcome',
    t,
    end: event.reason,
    message: event.message,
    summary: event.summary ?? null,
    patch: event.patch,
    emptyPatch: event.patch.trim() === '',
    steps: event.steps,
    usage: event.usage,
    invalidToolCalls: event.invalidToolCalls,
    test: null,
    verdict: null,
    resolved: null,
  };
}
