import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import { ModelClient, ModelError } from '../../src/model/client';
import type { ModelServer } from '../support/model-server';
import { deltaRecorder, serverAndClient, turnRequest } from './helpers';

async function modelError(promise: Promise<unknown>): Promise<ModelError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ModelError, `expected a ModelError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

describe('model client: failures', () => {
  let server: ModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('retries HTTP 500 and 429, then succeeds', async () => {
    const setup = await serverAndClient({
      turns: [
        { kind: 'http-error', status: 500 },
        { kind: 'http-error', status: 429, body: '{"error": {"message": "busy"}}' },
        { kind: 'http-error', status: 503 },
        { content: 'Finally.' },
      ],
    });
    server = setup.server;
    const result = await setup.client.turn(turnRequest());
    assert.equal(result.content, 'Finally.');
    assert.equal(setup.server.requests.length, 4);
  });

  it('gives up after maxRetries with the server error and URL in the message', async () => {
    const setup = await serverAndClient({ turns: () => ({ kind: 'http-error', status: 500, body: 'boom' }) }, { maxRetries: 2 });
    server = setup.server;
    const error = await modelError(setup.client.turn(turnRequest()));
    assert.equal(error.kind, 'http');
    assert.equal(error.status, 500);
    assert.equal(error.url, setup.server.url);
    assert.ok(error.message.includes(setup.server.url));
    assert.match(error.message, /HTTP 500: boom/);
    assert.equal(setup.server.requests.length, 3);
  });

  for (const status of [400, 404]) {
    it(`does not retry HTTP ${status}, and keeps the server's message`, async () => {
      const message = status === 400 ? 'This model maximum context length is 4096 tokens.' : 'The model `x` does not exist.';
      const body = JSON.stringify({ object: 'error', message, type: 'BadRequestError', param: null, code: status });
      const setup = await serverAndClient({ turns: [{ kind: 'http-error', status, body }, { content: 'never' }] });
      server = setup.server;
      const error = await modelError(setup.client.turn(turnRequest()));
      assert.equal(error.kind, 'http');
      assert.equal(error.status, status);
      assert.equal(error.retryable, false);
      assert.ok(error.message.includes(message), 'the flat (older vLLM / SGLang) error shape still yields the message');
      assert.equal(setup.server.requests.length, 1);
    });
  }

  it('names the URL when nothing listens there, after bounded retries', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const client = new ModelClient({ baseUrl: url, retryBaseMs: 1, maxRetries: 2 });
    const error = await modelError(client.turn(turnRequest()));
    assert.equal(error.kind, 'unreachable');
    assert.equal(error.url, url);
    assert.match(error.message, new RegExp(`Cannot reach the model server at ${url.replace(/\./g, '\\.')} \\(connection refused\\)`));
    assert.match(error.message, /Is it running\? Start one with e\.g\./);
    const probeError = await modelError(client.probe());
    assert.equal(probeError.kind, 'unreachable');
  });

  it('reports a stream cut after tokens arrived as a stream error, without retrying', async () => {
    const setup = await serverAndClient({ turns: [{ kind: 'disconnect', content: 'Half an answer', afterChunks: 3 }, { content: 'unused' }] });
    server = setup.server;
    const recorder = deltaRecorder();
    const error = await modelError(setup.client.turn(turnRequest('native', { onDelta: recorder.onDelta })));
    assert.equal(error.kind, 'stream');
    assert.equal(error.retryable, false);
    assert.match(error.message, /was cut after tokens had arrived/);
    assert.ok(recorder.text('content').length > 0, 'some tokens were shown before the cut');
    assert.equal(setup.server.requests.length, 1);
  });

  it('retries a stream that dies before any token arrived', async () => {
    const setup = await serverAndClient({ turns: [{ kind: 'disconnect', afterChunks: 1 }, { kind: 'disconnect', afterChunks: 0 }, { content: 'Whole.' }] });
    server = setup.server;
    const result = await setup.client.turn(turnRequest());
    assert.equal(result.content, 'Whole.');
    assert.equal(setup.server.requests.length, 3);
  });

  it('fails clearly on a malformed chunk', async () => {
    const setup = await serverAndClient({ turns: [{ kind: 'malformed', afterChunks: 2 }] });
    server = setup.server;
    const error = await modelError(setup.client.turn(turnRequest()));
    assert.equal(error.kind, 'stream');
    assert.match(error.message, /malformed stream chunk \(invalid JSON: .*\): \{not json/);
    assert.equal(setup.server.requests.length, 1);
  });

  it('aborts a hanging turn when the signal fires, without retrying', async () => {
    const setup = await serverAndClient({ turns: [{ kind: 'hang' }, { content: 'unused' }] });
    server = setup.server;
    const controller = new AbortController();
    const pending = setup.client.turn(turnRequest('native', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const error = await modelError(pending);
    assert.equal(error.kind, 'aborted');
    assert.equal(error.retryable, false);
    assert.equal(setup.server.requests.length, 1);
  });

  it('fails at once when the signal was aborted before the turn', async () => {
    const setup = await serverAndClient({ turns: [{ content: 'unused' }] });
    server = setup.server;
    const error = await modelError(setup.client.turn(turnRequest('native', { signal: AbortSignal.abort() })));
    assert.equal(error.kind, 'aborted');
    assert.equal(setup.server.requests.length, 0);
  });

  it('gives up on a server that goes silent for longer than idleTimeoutMs', async () => {
    const setup = await serverAndClient({ turns: [{ kind: 'hang' }, { content: 'unused' }] }, { idleTimeoutMs: 100 });
    server = setup.server;
    const error = await modelError(setup.client.turn(turnRequest()));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /sent nothing for 0\.1 s/);
    assert.equal(setup.server.requests.length, 1);
  });

  it('stops a reply longer than maxReplyChars, without retrying it', async () => {
    const setup = await serverAndClient({ turns: [{ content: 'x'.repeat(5000) }, { content: 'unused' }] }, { maxReplyChars: 500 });
    server = setup.server;
    const error = await modelError(setup.client.turn(turnRequest()));
    assert.equal(error.kind, 'stream');
    assert.match(error.message, /sent a reply longer than 500 characters, so Crux stopped it/);
    assert.equal(setup.server.requests.length, 1);
  });

  it('reports llama.cpp\'s mid-stream error event after tokens as a mid-stream failure the agent may retry', async () => {
    const setup = await serverAndClient({ dialect: 'llamacpp', turns: [{ kind: 'error-event' }, { content: 'unused' }] });
    server = setup.server;
    const error = await modelError(setup.client.turn(turnRequest()));
    assert.equal(error.kind, 'stream');
    assert.equal(error.midStream, true);
    assert.equal(error.retryable, false);
    assert.equal(error.status, 500);
    assert.match(error.message, /reported an error mid-stream: The model produced output that does not match the expected Hermes 2 Pro format/);
  });

  it('says when the script ran out (fake server behaviour the other tests rely on)', async () => {
    const setup = await serverAndClient({ turns: [] }, { maxRetries: 0 });
    server = setup.server;
    const error = await modelError(setup.client.turn(turnRequest()));
    assert.match(error.message, /script ran out/);
  });
});
