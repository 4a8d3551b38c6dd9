import assert from 'node:assert/strict';
import type { AgentEvent } from '../../../src/agent/events';
import type { ChatMessage } from '../../../src/model/types';
import { MAX_RUNS, RunEntry, RunRegistry } from '../../../extension/run/run-registry';

const conversation = { conversationAt: (step: number): ChatMessage[] => [{ role: 'system', content: `step ${step}` }] };
const call = (step: number, callId: string): AgentEvent => ({ type: 'tool-call', step, callId, name: 'edit_file', argumentsText: '{}', valid: true, risk: 'edit', title: 'Edit' });
const checkpoint = (step: number, id: string): AgentEvent => ({ type: 'checkpoint', step, checkpointId: id, label: `before step ${step}` });
const turn = (step: number): AgentEvent => ({
  type: 'model-turn', step, newMessages: [], assistant: { role: 'assistant', content: null }, rawContent: '', content: '', reasoning: '',
  toolCalls: [], finishReason: 'tool_calls', latencyMs: 1,
});

/** Steps 1-6 each edit once (checkpoints cp1..cp6, taken before calls c1..c6). */
function entryWithSixSteps(): RunEntry {
  const entry = new RunEntry('r1', 'fix add', 'adhoc-1', conversation);
  for (let step = 1; step <= 6; step++) {
    entry.observe(turn(step));
    entry.observe(call(step, `c${step}`));
    assert.deepEqual(entry.observe(checkpoint(step, `cp${step}`)), { step, callId: `c${step}` }, 'a checkpoint belongs to the call announced before it');
  }
  return entry;
}

describe('extension: the runs of a window (restore and retry)', () => {
  it('ties each checkpoint to the call it was taken before', () => {
    const entry = entryWithSixSteps();
    assert.deepEqual(entry.checkpointOfCall('c3'), { step: 3, id: 'cp3' });
    assert.equal(entry.checkpointOfCall('nope'), null);
  });

  it('finds the files of a step: its own checkpoint, the next one, else the end of the run', () => {
    const entry = new RunEntry('r1', 't', 'k', conversation);
    entry.observe(turn(1));
    entry.observe(turn(2));
    entry.observe(call(2, 'c2'));
    entry.observe(checkpoint(2, 'cp2'));
    entry.observe(turn(3));
    assert.equal(entry.checkpointForStep(1), 'cp2', 'step 1 only read: the files then are those before step 2 changed them');
    assert.equal(entry.checkpointForStep(2), 'cp2');
    assert.equal(entry.checkpointForStep(3), null, 'no checkpoint after step 3 and the run has not ended');
    entry.endCheckpoint = 'end';
    assert.equal(entry.checkpointForStep(3), 'end');
  });

  it('skips what a rollback undid', () => {
    const entry = entryWithSixSteps();
    // The loop watch rolled back to after step 1, at step 6; then step 7 edited again.
    entry.observe({ type: 'recovery', step: 6, findingId: 'f', action: 'rollback', decidedBy: 'user', checkpointId: 'cp2', toStep: 1 });
    entry.observe(turn(7));
    entry.observe(call(7, 'c7'));
    entry.observe(checkpoint(7, 'cp7'));
    assert.equal(entry.isUndone(1), false);
    assert.equal(entry.isUndone(2), true);
    assert.equal(entry.isUndone(6), true);
    assert.equal(entry.isUndone(7), false);
    assert.equal(entry.checkpointOfCall('c4'), null, 'an undone call offers no restore');
    assert.deepEqual(entry.checkpointOfCall('c7'), { step: 7, id: 'cp7' });
    assert.equal(entry.checkpointForStep(1), 'cp1');
    assert.equal(entry.checkpointForStep(2), 'cp7', 'after the rollback the files of step 2 are those step 7 began with');
  });

  it('keeps the latest runs only', () => {
    const registry = new RunRegistry();
    for (let index = 0; index <= MAX_RUNS; index++) registry.add(new RunEntry(`r${index}`, 't', 'k', conversation));
    assert.equal(registry.get('r0'), undefined);
    assert.equal(registry.get(`r${MAX_RUNS}`)?.conversationAt(2)[0]?.content, 'step 2');
  });
});
