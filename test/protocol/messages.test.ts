import assert from 'node:assert/strict';
import { isHostMessage, isWebviewMessage, parseHostMessage, parseWebviewMessage } from '../../src/protocol';
import { hostSamples, viewStates, webviewSamples } from './samples';

/** A copy of a message with one field replaced (or removed, for `undefined`). */
function withField(message: object, field: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...message };
  if (value === undefined) delete copy[field];
  else copy[field] = value;
  return copy;
}

describe('protocol: host → webview messages', () => {
  for (const sample of Object.values(hostSamples)) {
    it(`accepts a valid "${sample.type}"`, () => {
      const parsed = parseHostMessage(sample);
      assert.deepEqual(parsed, { ok: true, message: sample });
      // What crosses postMessage is a structured clone; JSON round trip stands in for it.
      assert.ok(isHostMessage(JSON.parse(JSON.stringify(sample))));
    });

    it(`rejects "${sample.type}" with an unknown field or a missing field`, () => {
      assert.equal(isHostMessage(withField(sample, 'extra', 1)), false);
      for (const field of Object.keys(sample).filter((key) => key !== 'type')) {
        assert.equal(isHostMessage(withField(sample, field, undefined)), false, `without ${field}`);
      }
    });
  }

  it('accepts every connection state', () => {
    for (const state of viewStates) assert.ok(isHostMessage({ type: 'state', state }), JSON.stringify(state));
  });

  it('rejects non-objects and unknown types with a reason', () => {
    for (const value of [null, undefined, 42, 'init', [], [hostSamples.init]]) assert.equal(isHostMessage(value), false);
    const unknown = parseHostMessage({ type: 'explode' });
    assert.equal(unknown.ok, false);
    assert.match(unknown.ok ? '' : unknown.error, /unknown type "explode"/);
    assert.equal(isHostMessage({ type: 'toString' }), false, 'inherited properties are not message types');
  });

  it('rejects wrong field types', () => {
    const bad: [object, string, unknown][] = [
      [hostSamples['text-delta'], 'kind', 'tool-call'],
      [hostSamples['text-delta'], 'step', -1],
      [hostSamples['text-delta'], 'step', 1.5],
      [hostSamples['text-delta'], 'text', null],
      [hostSamples['tool-call'], 'risk', 'harmless'],
      [hostSamples['tool-call'], 'invalidReason', 3],
      [hostSamples['tool-result'], 'exitCode', '0'],
      [hostSamples['tool-result'], 'durationMs', Number.NaN],
      [hostSamples['edit'], 'path', ''],
      [hostSamples['approval-closed'], 'outcome', 'maybe'],
      [hostSamples['run-finished'], 'reason', 'crashed'],
      [hostSamples['run-finished'], 'summary', undefined],
      [hostSamples.init, 'protocolVersion', '1'],
    ];
    for (const [sample, field, value] of bad) {
      const result = parseHostMessage(withField(sample, field, value));
      assert.equal(result.ok, false, `${JSON.stringify(sample)} with ${field}=${String(value)}`);
    }
    const reason = parseHostMessage(withField(hostSamples['tool-call'], 'risk', 'harmless'));
    assert.match(reason.ok ? '' : reason.error, /"tool-call": bad field "risk"/);
  });

  it('rejects malformed view states', () => {
    const connected = viewStates[0];
    const unavailable = viewStates[2];
    assert.ok(connected && unavailable);
    const badStates: unknown[] = [
      { ...connected, running: 'yes' },
      { ...connected, approvalMode: 'never' },
      { ...connected, connection: { status: 'connected', serverUrl: 'x' } },
      { ...connected, connection: { status: 'offline', serverUrl: 'x' } },
      { ...connected, connection: { ...connected.connection, error: 'extra' } },
      { ...unavailable, connection: { ...unavailable.connection, startCommands: [{ label: 'vLLM' }] } },
      { ...unavailable, connection: { ...unavailable.connection, error: '' } },
      { connection: connected.connection, running: false },
    ];
    for (const state of badStates) assert.equal(isHostMessage({ type: 'state', state }), false, JSON.stringify(state));
  });
});

describe('protocol: webview → host messages', () => {
  for (const sample of Object.values(webviewSamples)) {
    it(`accepts a valid "${sample.type}"`, () => {
      assert.deepEqual(parseWebviewMessage(sample), { ok: true, message: sample });
      assert.equal(isWebviewMessage(withField(sample, 'extra', true)), false);
    });
  }

  it('rejects malformed messages', () => {
    const bad: unknown[] = [
      null,
      'ready',
      { type: 'ready' },
      { type: 'ready', protocolVersion: 'one' },
      { type: 'start-run', task: '   ' },
      { type: 'start-run', task: 42 },
      { type: 'stop-run', now: true },
      { type: 'approval-answer', requestId: 'q1', decision: 'yes' },
      { type: 'approval-answer', requestId: '', decision: 'approve' },
      { type: 'open-diff', path: 'a.ts' },
      { type: 'init', protocolVersion: 1 },
      { type: '__proto__' },
    ];
    for (const value of bad) assert.equal(isWebviewMessage(value), false, JSON.stringify(value));
  });

  it('does not confuse the two directions', () => {
    for (const sample of Object.values(hostSamples)) assert.equal(isWebviewMessage(sample), false, sample.type);
    for (const sample of Object.values(webviewSamples)) assert.equal(isHostMessage(sample), false, sample.type);
  });
});
