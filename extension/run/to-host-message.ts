// Translates the agent's events into protocol messages for the webview. Pure (no vscode
// import), so it is unit-tested in Node. Events the view does not show yet map to nothing.
// `runId` (the run's, once it started) places lines that belong to one run.
import type { AgentEvent } from '../../src/agent/events';
import type { HostMessage } from '../../src/protocol';

export function toHostMessage(event: AgentEvent, runId?: string): HostMessage | undefined {
  switch (event.type) {
    case 'run-started':
      return {
        type: 'run-started', runId: event.runId, task: event.task, model: event.model, serverUrl: event.serverUrl,
        toolFormat: event.toolFormat, maxSteps: event.maxSteps,
      };
    case 'model-request':
      return { type: 'model-waiting', step: event.step };
    case 'model-delta':
      // Tool-call argument deltas are not shown: the card appears with the complete call.
      if (event.delta.kind === 'tool-call') return undefined;
      return { type: 'text-delta', step: event.step, kind: event.delta.kind, text: event.delta.text };
    case 'tool-call':
      return {
        type: 'tool-call', step: event.step, callId: event.callId, name: event.name, title: event.title,
        argumentsText: event.argumentsText, risk: event.risk,
        invalidReason: event.valid ? null : (event.invalidReason ?? 'invalid tool call'),
      };
    case 'approval':
      return {
        type: 'tool-approval', callId: event.callId, approved: event.approved, decidedBy: event.decidedBy,
        reason: event.reason ?? null,
      };
    case 'tool-output':
      return { type: 'tool-output', callId: event.callId, chunk: event.chunk };
    case 'tool-result':
      return {
        type: 'tool-result', callId: event.callId, name: event.name, output: event.output, isError: event.isError,
        exitCode: event.exitCode ?? null, truncated: event.truncated, durationMs: event.durationMs,
      };
    case 'edit':
      return { type: 'edit', step: event.step, callId: event.callId, path: event.edit.path, diff: event.edit.diff };
    case 'user-message':
      return { type: 'user-message', step: event.step, text: event.text, source: event.source };
    case 'error':
      return { type: 'error', message: event.message || 'Unknown error', fatal: event.fatal };
    case 'run-finished':
      return {
        type: 'run-finished', reason: event.reason, message: event.message, summary: event.summary ?? null, steps: event.steps,
      };
    case 'loop-warning': {
      const { finding } = event;
      return {
        type: 'loop-warning', step: event.step, findingId: finding.id, kind: finding.kind, severity: finding.severity,
        fromStep: finding.fromStep, toStep: finding.toStep, summary: finding.evidence.summary, steps: finding.evidence.steps,
        recoveries: finding.recoveries,
      };
    }
    case 'recovery':
      return {
        type: 'recovery', step: event.step, findingId: event.findingId, action: event.action, decidedBy: event.decidedBy,
        toStep: event.toStep ?? null,
      };
    case 'rules-added':
      if (runId === undefined) return undefined;
      return {
        type: 'rules-added', runId, step: event.step, callId: event.callId, path: event.path, folder: event.folder,
        chars: event.chars, truncated: event.truncated,
      };
    // Checkpoints reach the view through the run session, which knows the call each belongs to.
    case 'model-turn':
    case 'checkpoint':
      return undefined;
  }
}
