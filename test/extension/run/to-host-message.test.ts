import assert from 'node:assert/strict';
import type { AgentEvent } from '../../../src/agent/events';
import { isHostMessage, parseHostMessage } from '../../../src/protocol';
import { toHostMessage } from '../../../extension/run/to-host-message';

const usage = { promptTokens: 1, completionTokens: 2, totalTokens: 3 };

const events: AgentEvent[] = [
  {
    type: 'run-started', runId: 'r1', task: 'fix', workspaceRoot: '/w', model: 'm', serverUrl: 'http://x/v1', serverKind: 'vllm',
    toolFormat: 'native', tools: [], sampling: {}, maxSteps: 5,
  },
  { type: 'model-delta', step: 1, delta: { kind: 'content', text: 'hi' } },
  { type: 'model-delta', step: 1, delta: { kind: 'reasoning', text: 'hmm' } },
  {
    type: 'tool-call', step: 1, callId: 'c1', name: 'read_file', argumentsText: '{}', arguments: {}, valid: true, risk: 'read', title: 'Read a',
  },
  { type: 'tool-call', step: 1, callId: 'c2', name: 'nope', argumentsText: 'x', valid: false, risk: 'read', title: 'nope' },
  { type: 'approval', step: 1, callId: 'c1', decidedBy: 'policy', approved: true },
  { type: 'approval', step: 1, callId: 'c1', decidedBy: 'user', approved: false, reason: 'no' },
  { type: 'tool-output', step: 1, callId: 'c1', chunk: 'out' },
  { type: 'tool-result', step: 1, callId: 'c1', name: 'read_file', output: 'o', isError: false, truncated: false, durationMs: 3 },
  { type: 'tool-result', step: 1, callId: 'c1', name: 'run_command', output: 'o', isError: true, exitCode: 2, truncated: true, durationMs: 3 },
  { type: 'edit', step: 2, callId: 'c3', edit: { path: 'a.ts', diff: '@@', beforeHash: null, afterHash: 'h' } },
  { type: 'user-message', step: 2, text: 'nudge', source: 'nudge' },
  { type: 'error', step: 2, message: 'bad', fatal: false },
  { type: 'error', step: 2, message: '', fatal: true },
  { type: 'run-finished', reason: 'finished', steps: 3, message: 'done', patch: '', usage, invalidToolCalls: 0, summary: 'ok' },
  { type: 'run-finished', reason: 'aborted', steps: 1, message: 'stopped', patch: '', usage, invalidToolCalls: 0 },
  {
    type: 'loop-warning', step: 6, finding: {
      id: 'repeated-error:2', kind: 'repeated-error', severity: 'warning', fromStep: 2, toStep: 6,
      evidence: { summary: 'the same error at steps 2, 4 and 6', steps: [2, 4, 6] }, recoveries: ['nudge', 'rollback', 'stop', 'dismiss'], nudge: 'Try another way.',
    },
  },
  { type: 'recovery', step: 6, findingId: 'repeated-error:2', action: 'rollback', decidedBy: 'user', checkpointId: 'abc1234', toStep: 1 },
  { type: 'recovery', step: 7, findingId: 'repeated-error:2', action: 'nudge', decidedBy: 'policy' },
  { type: 'rules-added', step: 2, callId: 'c3', path: 'pkg/sub/AGENTS.md', folder: 'pkg/sub', chars: 40, truncated: false, sha256: 'ab' },
];

describe('extension: agent events → webview messages', () => {
  it('turns every shown event into a valid protocol message', () => {
    for (const event of events) {
      const message = toHostMessage(event, 'r1');
      assert.ok(message, event.type);
      const parsed = parseHostMessage(message);
      assert.ok(parsed.ok, `${event.type}: ${parsed.ok ? '' : parsed.error}`);
    }
  });

  it('leaves out what the view does not show', () => {
    assert.equal(toHostMessage({ type: 'model-delta', step: 1, delta: { kind: 'tool-call', index: 0, argumentsText: '{' } }), undefined);
    assert.equal(toHostMessage({ type: 'checkpoint', step: 1, checkpointId: 'k', label: 'l' }), undefined);
    // A rules line belongs to a run: before the run is known there is nowhere to put it.
    const rules: AgentEvent = { type: 'rules-added', step: 1, callId: 'c', path: 'a/AGENTS.md', folder: 'a', chars: 1, truncated: true, sha256: 'x' };
    assert.equal(toHostMessage(rules), undefined);
    assert.deepEqual(toHostMessage(rules, 'r9'), { type: 'rules-added', runId: 'r9', step: 1, callId: 'c', path: 'a/AGENTS.md', folder: 'a', chars: 1, truncated: true });
  });

  it('maps absent values to null and invalid calls to a reason', () => {
    const invalid = toHostMessage(events[4] as AgentEvent);
    assert.equal(invalid?.type === 'tool-call' ? invalid.invalidReason : '', 'invalid tool call');
    const result = toHostMessage(events[8] as AgentEvent);
    assert.equal(result?.type === 'tool-result' ? result.exitCode : 'x', null);
    const finished = toHostMessage(events[15] as AgentEvent);
    assert.equal(finished?.type === 'run-finished' ? finished.summary : 'x', null);
    assert.ok(isHostMessage(toHostMessage(events[13] as AgentEvent)), 'an empty error message still validates');
  });

  it('gives a loop banner what repeats, where, and the ways out; a recovery its outcome', () => {
    const warning = toHostMessage(events[16] as AgentEvent);
    assert.deepEqual(warning?.type === 'loop-warning' ? [warning.findingId, warning.severity, warning.steps, warning.recoveries] : null,
      ['repeated-error:2', 'warning', [2, 4, 6], ['nudge', 'rollback', 'stop', 'dismiss']]);
    const rollback = toHostMessage(events[17] as AgentEvent);
    assert.equal(rollback?.type === 'recovery' ? rollback.toStep : 'x', 1);
    const nudge = toHostMessage(events[18] as AgentEvent);
    assert.equal(nudge?.type === 'recovery' ? nudge.toStep : 'x', null);
  });
});
