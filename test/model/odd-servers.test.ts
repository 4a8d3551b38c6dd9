// Servers that answer in ways the scripted dialects do not: canned raw bodies, to check that
// each still ends in a result or a ModelError that says what happened.
import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ModelClient, ModelError } from '../../src/model/client';
import { turnRequest } from './helpers';

interface Canned {
  contentType: string;
  body: string;
}

async function cannedServer(answer: Canned): Promise<{ server: Server; url: string; count: () => number }> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': answer.contentType });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, count: () => requests };
}

const sse = (...events: unknown[]): Canned => ({
  contentType: 'text/event-stream',
  body: events.map((event) => (typeof event === 'string' ? event : `data: ${JSON.stringify(event)}\n\n`)).join(''),
});

const delta = (content: string, finish: string | null = null) => ({ choices: [{ index: 0, delta: { content }, finish_reason: finish }] });

describe('model client: odd servers', () => {
  let current: Server | undefined;
  afterEach(async () => {
    if (current) await new Promise((resolve) => current?.close(resolve));
    current = undefined;
  });

  async function turnAgainst(answer: Canned, maxRetries = 1) {
    const canned = await cannedServer(answer);
    current = canned.server;
    const client = new ModelClient({ baseUrl: canned.url, retryBaseMs: 1, maxRetries });
    const outcome = await client.turn(turnRequest()).catch((error: unknown) => error);
    return { outcome, requests: canned.count() };
  }

  it('reads a whole JSON completion from a server that ignored stream: true', async () => {
    const completion = {
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Two calls.',
            tool_calls: [
              { id: 'a', type: 'function', function: { name: 'read_file', arguments: '{"path":"x"}' } },
              { type: 'function', function: { name: 'read_file', arguments: '{"path":"y"}' } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 4 },
    };
    const { outcome } = await turnAgainst({ contentType: 'application/json', body: JSON.stringify(completion) });
    assert.ok(!(outcome instanceof Error), String(outcome));
    const result = outcome as Awaited<ReturnType<ModelClient['turn']>>;
    assert.equal(result.content, 'Two calls.');
    assert.deepEqual(result.toolCalls.map((call) => call.arguments), [{ path: 'x' }, { path: 'y' }]);
    assert.deepEqual(result.usage, { promptTokens: 3, completionTokens: 4, totalTokens: 7 });
  });

  it('skips keep-alive comments and takes usage sent on the last choice chunk', async () => {
    const last = { ...delta('', 'stop'), usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } };
    const { outcome } = await turnAgainst(sse(': ping\n\n', delta('Hel'), ': ping\n\n', delta('lo'), last, 'data: [DONE]\n\n'));
    const result = outcome as Awaited<ReturnType<ModelClient['turn']>>;
    assert.equal(result.content, 'Hello');
    assert.deepEqual(result.usage, { promptTokens: 1, completionTokens: 2, totalTokens: 3 });
  });

  it('reports an error the server sends mid-stream, with its message', async () => {
    const { outcome, requests } = await turnAgainst(sse(delta('Hi'), { error: { message: 'CUDA out of memory', code: 500 } }));
    assert.ok(outcome instanceof ModelError);
    assert.equal(outcome.kind, 'stream');
    assert.match(outcome.message, /reported an error mid-stream: CUDA out of memory/);
    assert.equal(requests, 1, 'not retried after tokens arrived');
  });

  it('retries llama.cpp `error:` events that come before any token', async () => {
    const { outcome, requests } = await turnAgainst(sse('error: {"code":503,"message":"Loading model","type":"unavailable_error"}\n\n'));
    assert.ok(outcome instanceof ModelError);
    assert.match(outcome.message, /Loading model/);
    assert.equal(requests, 2);
  });

  it('treats a stream that ends without finishing the turn as cut', async () => {
    const { outcome } = await turnAgainst(sse(delta('Half')));
    assert.ok(outcome instanceof ModelError);
    assert.equal(outcome.kind, 'stream');
    assert.match(outcome.message, /cut after tokens had arrived \(the server closed the stream without finishing the turn\)/);
  });

  it('says so when a web page answers instead of the API, without retrying', async () => {
    const { outcome, requests } = await turnAgainst({ contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>UI</title>' });
    assert.ok(outcome instanceof ModelError);
    assert.match(outcome.message, /answered with a web page.*ends in \/v1/);
    assert.equal(requests, 1);
  });
});
