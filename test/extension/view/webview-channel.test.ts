import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { silentLog } from '../../../src/host/ports';
import type { HostMessage, ViewState } from '../../../src/protocol';
import { WebviewChannel } from '../../../extension/view/webview-channel';

function fakeWebview(): { webview: vscode.Webview; posted: unknown[] } {
  const posted: unknown[] = [];
  const webview = { postMessage: async (message: unknown) => (posted.push(message), true) } as unknown as vscode.Webview;
  return { webview, posted };
}

const state: ViewState = { connection: { status: 'checking', serverUrl: 'u' }, running: false, approvalMode: 'ask' };
const init: HostMessage = { type: 'init', protocolVersion: 1, state };
const output = (chunk: string): HostMessage => ({ type: 'tool-output', callId: 'c', chunk });

describe('extension: webview channel (ready handshake)', () => {
  it('queues messages until the page is ready, then sends init first', () => {
    const channel = new WebviewChannel(silentLog);
    const { webview, posted } = fakeWebview();
    channel.post(output('early'));
    channel.attach(webview);
    channel.post(output('still early'));
    assert.deepEqual(posted, []);
    channel.open(init);
    channel.post(output('live'));
    assert.deepEqual(posted, [init, output('early'), output('still early'), output('live')]);
  });

  it('drops queued state messages: init carries the current state', () => {
    const channel = new WebviewChannel(silentLog);
    const { webview, posted } = fakeWebview();
    channel.attach(webview);
    channel.post({ type: 'state', state: { ...state, running: true } });
    channel.open(init);
    assert.deepEqual(posted, [init]);
  });

  it('queues again when the page is replaced, and caps the queue', () => {
    const channel = new WebviewChannel(silentLog);
    const first = fakeWebview();
    channel.attach(first.webview);
    channel.open(init);
    channel.detach(first.webview);
    for (let i = 0; i < 5100; i++) channel.post(output(String(i)));
    const second = fakeWebview();
    channel.attach(second.webview);
    channel.open(init);
    assert.equal(second.posted.length, 5001);
    assert.deepEqual(second.posted[1], output('100'), 'the oldest were dropped');
  });

  it('a page shown a chat again gets it after init; the queued run messages it holds are dropped, questions stay', () => {
    const channel = new WebviewChannel(silentLog);
    const { webview, posted } = fakeWebview();
    const started: HostMessage = { type: 'run-started', runId: 'r9', task: 't', model: 'm', serverUrl: 'u', toolFormat: 'native', maxSteps: 5 };
    const consent: HostMessage = {
      type: 'consent-request', requestId: 'q', storage: '/tmp/s', items: ['the task text'], redaction: 'Secrets are replaced.', exclusion: '',
      options: [{ level: 'off', description: 'nothing is recorded' }],
    };
    channel.post(started);
    channel.post(output('streamed'));
    channel.post(consent);
    assert.equal(channel.unseenRun, 'r9', 'the page has not seen that run');
    channel.attach(webview);
    const transcript: HostMessage = {
      type: 'chat-transcript', chatRunId: 'r9', title: 't', messages: [started, output('streamed')], live: true, interrupted: false, notice: null, retryable: ['r9'],
    };
    channel.open(init, () => transcript);
    channel.post(output('live'));
    assert.deepEqual(posted, [init, transcript, consent, output('live')]);
    assert.equal(channel.unseenRun, null);
  });
});
