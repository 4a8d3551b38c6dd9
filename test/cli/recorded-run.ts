// A recorded Crux run for replay tests: the given tool calls are executed with Crux's real
// tools in a workspace, and the model turns, calls, observations and edits are written as a
// crux.trajectory/1 run, the way the recorder writes an agent run.
import { createTerminal } from '../../src/host/node/terminal';
import { NodeWorkspace } from '../../src/host/node/workspace';
import { createDefaultRegistry } from '../../src/tools/registry';
import { DEFAULT_TOOL_LIMITS } from '../../src/tools/types';
import type { Trajectory, TrajectoryEvent } from '../../src/trajectory/format';
import { CRUX_VERSION } from '../../src/version';

export interface ScriptedCall {
  name: string;
  args: Record<string, unknown>;
}

export async function recordRun(root: string, steps: ScriptedCall[][]): Promise<Trajectory> {
  const registry = createDefaultRegistry();
  const workspace = await NodeWorkspace.open(root);
  const terminal = createTerminal();
  const events: TrajectoryEvent[] = [];
  const base = (step: number) => ({ kind: 'event' as const, seq: events.length + 1, t: Date.now(), step });
  for (const [i, calls] of steps.entries()) {
    const step = i + 1;
    const toolCalls = calls.map((call, k) => ({ id: `call_${step}_${k}`, name: call.name, argumentsText: JSON.stringify(call.args), arguments: call.args }));
    events.push({
      ...base(step), type: 'model-turn', newMessages: [], rawContent: '', reasoning: '', toolCalls, finishReason: 'tool_calls', usage: null, latencyMs: 1,
      assistant: { role: 'assistant', content: null, tool_calls: toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.argumentsText } })) },
    });
    for (const call of toolCalls) {
      const validation = registry.validate(call.name, call.arguments);
      if (!validation.ok) throw new Error(validation.error);
      events.push({ ...base(step), type: 'tool-call', callId: call.id, name: call.name, argumentsText: call.argumentsText, arguments: validation.args, valid: true, invalidReason: null, risk: validation.tool.risk(validation.args) });
      const result = await validation.tool.execute(validation.args, { workspace, terminal, limits: DEFAULT_TOOL_LIMITS, signal: new AbortController().signal });
      events.push({ ...base(step), type: 'observation', callId: call.id, name: call.name, output: result.output, isError: result.isError, exitCode: result.exitCode ?? null, truncated: result.truncated ?? false, durationMs: 1 });
      if (result.edit) events.push({ ...base(step), type: 'edit', callId: call.id, ...result.edit });
    }
  }
  return {
    header: {
      kind: 'header', format: 'crux.trajectory/1', runId: 'recorded-run', createdAt: new Date().toISOString(),
      task: { id: 'calc', text: 'Fix add().' }, repository: { remote: null, commit: null },
      model: { name: 'scripted', serverKind: 'unknown', serverUrl: null }, sampling: {}, toolFormat: 'native',
      tools: registry.specs(), maxSteps: 50, cruxVersion: CRUX_VERSION, consent: 'local', parent: null,
      source: { agent: 'crux', format: 'crux.trajectory/1', file: null },
    },
    events,
    outcome: {
      kind: 'outcome', t: Date.now(), end: 'finished', message: 'done', summary: null, patch: '', emptyPatch: true, steps: steps.length,
      usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 }, invalidToolCalls: 0, test: null, verdict: null, resolved: null,
    },
    problems: [],
  };
}
