// The model side of the streaming benchmark: the protocol-level fake model server answers
// everything (model list, probes, tool calls), except the one reply measured, which this proxy
// streams itself at a fixed rate. Events are scheduled on absolute times (event k at
// start + k / rate), so timer jitter delays single events but never the average rate.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderReplyStream, startModelServer, type ModelServer } from '../../test/support/model-server';

export interface PacedStream {
  /** Base URL ending in /v1. */
  url: string;
  /** When the measured reply's first and last events were written (ms since the epoch). */
  sent: { first: number; last: number } | null;
  close(): Promise<void>;
}

export interface PacedOptions {
  model: string;
  /** The task text that asks for the measured reply (its first turn streams `text`). */
  task: string;
  text: string;
  tokensPerSecond: number;
  /** Characters per streamed event; one event is one token. */
  charsPerToken: number;
}

export async function startPacedServer(options: PacedOptions): Promise<PacedStream> {
  const finish = { name: 'finish', arguments: { summary: 'Streamed the text.' } };
  const inner: ModelServer = await startModelServer({
    models: [options.model],
    turns: (request) => (request.stream
      ? { content: 'Done.', toolCalls: [finish] }
      : { content: 'OK', finishReason: 'length', completionTokens: 1 }),
  });
  const events = renderReplyStream({ content: options.text, toolCalls: [finish] }, { model: options.model, chunkSize: options.charsPerToken })
    .split(/(?<=\n\n)/);
  const state: PacedStream = { url: '', sent: null, close: async () => {} };
  let served = false;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      const measured = request.url?.endsWith('/chat/completions') && text.includes('"stream":true') && text.includes(options.task) && !served;
      if (measured) {
        served = true;
        void pace(response, events, options.tokensPerSecond).then((sent) => {
          state.sent = sent;
        });
        return;
      }
      // Everything else goes to the fake model server as it came.
      fetch(`${inner.url.replace(/\/v1$/, '')}${request.url ?? '/'}`, {
        method: request.method ?? 'GET', headers: { 'content-type': 'application/json' }, ...(body.length > 0 ? { body } : {}),
      }).then(async (answer) => {
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        response.end(Buffer.from(await answer.arrayBuffer()));
      }, (error: unknown) => {
        response.writeHead(502);
        response.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await inner.close();
  };
  return state;
}

async function pace(response: ServerResponse, events: string[], tokensPerSecond: number): Promise<{ first: number; last: number }> {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const start = Date.now();
  const interval = 1000 / tokensPerSecond;
  let first = 0;
  for (let k = 0; k < events.length; k++) {
    const due = start + k * interval;
    const wait = due - Date.now();
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
    response.write(events[k] as string);
    if (k === 0) first = Date.now();
  }
  const last = Date.now();
  response.end();
  return { first, last };
}
