import assert from 'node:assert/strict';
import type { HostMessage } from '../../../src/protocol';
import { MessageBatcher, type Timers } from '../../../extension/run/message-batcher';

/** Timers the test fires by hand. */
function manualTimers(): Timers & { fire(): void; pending(): number } {
  let callbacks: (() => void)[] = [];
  return {
    setTimeout: (callback) => {
      callbacks.push(callback);
      return callbacks.length;
    },
    clearTimeout: () => {
      callbacks = [];
    },
    fire: () => {
      const due = callbacks;
      callbacks = [];
      for (const callback of due) callback();
    },
    pending: () => callbacks.length,
  };
}

const delta = (text: string, kind: 'content' | 'reasoning' = 'content', step = 1): HostMessage => ({ type: 'text-delta', step, kind, text });

describe('extension: message batcher', () => {
  it('merges text deltas of one frame into one message', () => {
    const sent: HostMessage[] = [];
    const timers = manualTimers();
    const batcher = new MessageBatcher((message) => sent.push(message), timers);
    for (const piece of ['He', 'll', 'o']) batcher.push(delta(piece));
    assert.equal(sent.length, 0);
    assert.equal(timers.pending(), 1, 'one timer per frame');
    timers.fire();
    assert.deepEqual(sent, [delta('Hello')]);
  });

  it('keeps kinds and steps apart, in order', () => {
    const sent: HostMessage[] = [];
    const timers = manualTimers();
    const batcher = new MessageBatcher((message) => sent.push(message), timers);
    batcher.push(delta('think', 'reasoning'));
    batcher.push(delta('ing', 'reasoning'));
    batcher.push(delta('answer'));
    batcher.push(delta('next', 'content', 2));
    timers.fire();
    assert.deepEqual(sent, [delta('thinking', 'reasoning'), delta('answer'), delta('next', 'content', 2)]);
  });

  it('flushes pending text before any other message', () => {
    const sent: HostMessage[] = [];
    const timers = manualTimers();
    const batcher = new MessageBatcher((message) => sent.push(message), timers);
    batcher.push(delta('a'));
    const call: HostMessage = { type: 'tool-output', callId: 'c', chunk: 'x' };
    batcher.push(call);
    assert.deepEqual(sent, [delta('a'), call]);
    assert.equal(timers.pending(), 0);
  });

  it('does not change the messages it was given', () => {
    const first = delta('a');
    const batcher = new MessageBatcher(() => {}, manualTimers());
    batcher.push(first);
    batcher.push(delta('b'));
    batcher.flush();
    assert.deepEqual(first, delta('a'));
  });
});
