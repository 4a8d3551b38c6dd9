// Synthetic runs for the loop-watch tests: a small builder of crux.trajectory/1 runs, one
// action per model turn, so each signal can be shown a precise pattern.
import { join } from 'node:path';
import type { RiskClass } from '../../src/host/ports';
import type { RunEndReason } from '../../src/agent/events';
import type { Trajectory, TrajectoryEvent } from '../../src/trajectory/format';
import { TRAJECTORY_FORMAT } from '../../src/trajectory/format';

export const repoRoot = join(__dirname, '..', '..');
/** The shared eval data, next to the checkout (absent in some checkouts: tests then skip). */
export const evalDataDir = join(repoRoot, '..', 'shared', 'eval-data');

export interface CallSpec {
  name: string;
  args: Record<string, unknown>;
  output?: string;
  isError?: boolean;
  exitCode?: number | null;
  risk?: RiskClass;
  valid?: boolean;
  /** An edit: path and content hashes before/after. */
  edit?: { path: string; before: string | null; after: string };
  /** No observation (the run was cut off). */
  cut?: boolean;
}

type Distribute<T> = T extends unknown ? Omit<T, 'kind' | 'seq'> : never;

export class RunBuilder {
  private readonly events: TrajectoryEvent[] = [];
  private step = 0;

  /** One action: its calls (none for a reply without a tool call). */
  act(calls: CallSpec[], text = ''): this {
    const step = ++this.step;
    const toolCalls = calls.map((call, k) => ({ id: `c${step}-${k}`, name: call.name, argumentsText: JSON.stringify(call.args), arguments: call.args }));
    this.push({
      type: 'model-turn', step, t: null, newMessages: [], assistant: { role: 'assistant', content: text || null },
      rawContent: text, reasoning: '', toolCalls, finishReason: calls.length > 0 ? 'tool_calls' : 'stop', usage: null, latencyMs: null,
    });
    calls.forEach((call, k) => {
      const callId = `c${step}-${k}`;
      this.push({
        type: 'tool-call', step, t: null, callId, name: call.name, argumentsText: JSON.stringify(call.args), arguments: call.args,
        valid: call.valid ?? true, invalidReason: call.valid === false ? 'invalid' : null, risk: call.risk ?? riskOf(call.name),
      });
      if (call.cut) return;
      this.push({
        type: 'observation', step, t: null, callId, name: call.name, output: call.output ?? '', isError: call.isError ?? false,
        exitCode: call.exitCode ?? null, truncated: false, durationMs: null,
      });
      if (call.edit) {
        this.push({ type: 'edit', step, t: null, callId, path: call.edit.path, diff: '@@', beforeHash: call.edit.before, afterHash: call.edit.after });
      }
    });
    return this;
  }

  /** The same action n times. */
  repeat(n: number, calls: CallSpec[], text = ''): this {
    for (let i = 0; i < n; i++) this.act(calls, text);
    return this;
  }

  build(end: RunEndReason = 'step-limit', patch = 'diff --git a/x b/x'): Trajectory {
    return {
      header: {
        kind: 'header', format: TRAJECTORY_FORMAT, runId: 'test-run', createdAt: new Date(0).toISOString(),
        task: { id: 't', text: 'task' }, repository: { remote: null, commit: null },
        model: { name: 'm', serverKind: 'unknown', serverUrl: null }, sampling: {}, toolFormat: 'native', tools: [], maxSteps: null,
        cruxVersion: '0', consent: 'local', parent: null, source: { agent: 'crux', format: 'crux', file: null },
      },
      events: this.events,
      outcome: {
        kind: 'outcome', t: null, end, message: '', summary: null, patch, emptyPatch: patch.trim() === '', steps: this.step,
        usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 }, invalidToolCalls: 0, test: null, verdict: null, resolved: null,
      },
      problems: [],
    };
  }

  private push(event: Distribute<TrajectoryEvent>): void {
    this.events.push({ ...event, kind: 'event', seq: this.events.length + 1 } as TrajectoryEvent);
  }
}

function riskOf(name: string): RiskClass {
  if (name === 'read_file' || name === 'search' || name === 'list_files') return 'read';
  if (name === 'edit_file' || name === 'create_file') return 'edit';
  return 'execute';
}

// Calls used across the tests.
export const run = (command: string, output: string, exitCode = 0): CallSpec => ({ name: 'run_command', args: { command }, output, exitCode, isError: exitCode !== 0 });
export const read = (path: string, output: string): CallSpec => ({ name: 'read_file', args: { path }, output });
export const edit = (path: string, oldText: string, newText: string, before: string | null, after: string): CallSpec => ({
  name: 'edit_file', args: { path, old_string: oldText, new_string: newText }, output: `Edited ${path}`, edit: { path, before, after },
});
export const finish = (): CallSpec => ({ name: 'finish', args: { summary: 'done' }, output: 'Finished.' });
