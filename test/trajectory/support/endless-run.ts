// An endless, deterministic run: event n is always the same, so a test can check what a
// killed recorder left behind against what it was given. Outputs vary in size (up to 512 KB)
// so that a kill can also land in the middle of a large write.
import type { AgentEvent } from '../../../src/agent/events';

export const ENDLESS_RUN_ID = 'endless-run';

export const ENDLESS_START: AgentEvent = {
  type: 'run-started', runId: ENDLESS_RUN_ID, task: 'Never finish.', workspaceRoot: '/work/repo', model: 'm',
  serverUrl: 'http://127.0.0.1:8000/v1', serverKind: 'vllm', toolFormat: 'native', tools: [], sampling: {}, maxSteps: 1_000_000,
};

function outputSize(n: number): number {
  const x = Math.sin(n * 12.9898) * 43758.5453;
  const unit = x - Math.floor(x);
  return unit < 0.9 ? Math.floor(unit * 4000) : Math.floor(unit * 512 * 1024);
}

/** The n-th recorded event (n from 1): a model turn, its tool call, the call's result. */
export function endlessEvent(n: number): AgentEvent {
  const step = Math.ceil(n / 3);
  const callId = `call-${step}`;
  switch (n % 3) {
    case 1:
      return {
        type: 'model-turn', step, newMessages: [{ role: 'user', content: `message ${n}` }],
        assistant: { role: 'assistant', content: `turn ${step}` }, rawContent: `turn ${step}`, content: `turn ${step}`,
        reasoning: '', toolCalls: [{ id: callId, name: 'run_command', argumentsText: '{"command":"ls"}', arguments: { command: 'ls' } }],
        finishReason: 'tool_calls', latencyMs: 5,
      };
    case 2:
      return { type: 'tool-call', step, callId, name: 'run_command', argumentsText: '{"command":"ls"}', arguments: { command: 'ls' }, valid: true, risk: 'execute', title: 'ls' };
    default:
      return { type: 'tool-result', step, callId, name: 'run_command', output: `${n}:`.padEnd(outputSize(n), 'x'), isError: false, exitCode: 0, truncated: false, durationMs: 1 };
  }
}
