// A long Crux trajectory for the viewer's tests and benchmark: a run of N steps that reads
// files, runs tests with outputs of very different lengths, edits with real unified diffs,
// makes an invalid call now and then, and gets a loop warning and a nudge, so its rows have
// every shape and height the viewer draws.
import { createPatch } from 'diff';
import type { Trajectory, TrajectoryEvent } from '../../src/trajectory/format';
import { TRAJECTORY_FORMAT } from '../../src/trajectory/format';

export function longTrajectory(steps: number, runId = `long-${steps}`): Trajectory {
  const events: TrajectoryEvent[] = [];
  let seq = 0;
  const t0 = Date.UTC(2025, 2, 1, 12, 0, 0);
  const base = (step: number) => ({ kind: 'event' as const, seq: ++seq, t: t0 + seq * 100, step });
  for (let step = 1; step <= steps; step++) {
    const kind = step % 5;
    const callId = `call_${step}`;
    const { name, args } = kind === 0 ? { name: 'edit_file', args: { path: `src/module${step % 17}.py`, old_string: `x = ${step - 1}`, new_string: `x = ${step}` } }
      : kind === 1 || kind === 3 ? { name: 'run_command', args: { command: `pytest tests/test_${step % 23}.py -x` } }
      : { name: 'read_file', args: { path: `src/module${step % 17}.py` } };
    const argumentsText = JSON.stringify(args);
    const invalid = step % 97 === 0;
    events.push({
      ...base(step), type: 'model-turn', newMessages: [], rawContent: '', reasoning: step % 4 === 0 ? `Step ${step}: the failure points at module ${step % 17}.` : '',
      assistant: { role: 'assistant', content: `Step ${step}: ${name === 'edit_file' ? 'fixing the assignment' : name === 'run_command' ? 'running the tests again' : 'reading the module'}.`, tool_calls: [{ id: callId, type: 'function', function: { name, arguments: argumentsText } }] },
      toolCalls: [{ id: callId, name, argumentsText, arguments: args }], finishReason: 'tool_calls',
      usage: { promptTokens: 1000 + step * 10, completionTokens: 40, totalTokens: 1040 + step * 10 }, latencyMs: 800 + (step % 7) * 100,
    });
    events.push({
      ...base(step), type: 'tool-call', callId, name, argumentsText, arguments: args, valid: !invalid,
      invalidReason: invalid ? 'path: must not be empty' : null, risk: name === 'read_file' ? 'read' : name === 'edit_file' ? 'edit' : 'execute',
    });
    const failing = name === 'run_command' && step % 3 !== 0;
    const lines = name === 'run_command' ? (step % 11 === 0 ? 120 : 6) : name === 'read_file' ? 20 : 1;
    const output = Array.from({ length: lines }, (_, i) => (failing && i === lines - 1 ? `FAILED tests/test_${step % 23}.py::test_${i} - AssertionError: ${step}` : `line ${i + 1} of step ${step}: ${'x'.repeat(i % 40)}`)).join('\n');
    events.push({
      ...base(step), type: 'observation', callId, name, output, isError: failing || invalid, exitCode: name === 'run_command' ? (failing ? 1 : 0) : null,
      truncated: false, durationMs: 120 + step % 50,
    });
    if (name === 'edit_file') {
      const path = args.path as string;
      events.push({
        ...base(step), type: 'edit', callId, path, diff: createPatch(path, `def f():\n    x = ${step - 1}\n    return x\n`, `def f():\n    x = ${step}\n    return x\n`),
        beforeHash: 'a'.repeat(64), afterHash: 'b'.repeat(64),
      });
    }
    if (step % 250 === 0) {
      events.push({
        ...base(step), type: 'loop-warning', finding: {
          id: `loop-${step}`, kind: 'repeated-error', severity: 'warning', fromStep: step - 8, toStep: step,
          evidence: { summary: `run_command pytest failed with the same error at steps ${step - 8}, ${step - 4} and ${step}`, steps: [step - 8, step - 4, step] },
          recoveries: ['nudge', 'rollback', 'stop', 'dismiss'], nudge: 'Try a different approach.',
        },
      });
      events.push({ ...base(step), type: 'user-message', text: 'You are repeating the same failing command. Try a different approach.', source: 'nudge' });
    }
  }
  return {
    header: {
      kind: 'header', format: TRAJECTORY_FORMAT, runId, createdAt: new Date(t0).toISOString(),
      task: { id: `long-task-${steps}`, text: `Make the test suite pass (a long run of ${steps} steps).\nThe failures are in src/module*.py.` },
      repository: { remote: 'github.com/acme/widgets', commit: 'abc1234' }, model: { name: 'qwen2.5-coder-7b', serverKind: 'vllm', serverUrl: 'http://127.0.0.1:8000/v1' },
      sampling: {}, toolFormat: 'native', tools: [], maxSteps: steps, cruxVersion: '0.1.0', consent: 'local', parent: null,
      source: { agent: 'crux', format: TRAJECTORY_FORMAT, file: null },
    },
    events,
    outcome: {
      kind: 'outcome', t: t0 + seq * 100, end: 'step-limit', message: `Stopped at the step limit (${steps}).`, summary: null,
      patch: createPatch('src/module1.py', 'x = 0\n', `x = ${steps}\n`), emptyPatch: false, steps,
      usage: { promptTokens: steps * 1000, completionTokens: steps * 40, totalTokens: steps * 1040 }, invalidToolCalls: Math.floor(steps / 97),
      test: { command: 'pytest', passed: false, exitCode: 1, timedOut: false, outputTail: '3 failed, 120 passed' }, verdict: null, resolved: false,
    },
    problems: [],
  };
}
