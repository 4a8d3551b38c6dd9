// The fake model server: a real HTTP server on 127.0.0.1 (random port) answering /v1/models,
// /v1/chat/completions and the dialect's side endpoints the way that server does, replaying
// scripted turns. It is the one fake of the model side: tests exercise the real client, SDK,
// HTTP and SSE code against it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { DialectProfile, RouteAnswer } from './dialect';
import { json } from './dialect';
import { llamacppProfile } from './llamacpp';
import { ollamaProfile } from './ollama';
import { playTurn } from './player';
import type { ChatRequestRecord, Dialect, ModelServer, ModelServerOptions, ScriptedTurn } from './types';
import { vllmProfile } from './vllm';

export function dialectProfile(dialect: Dialect): DialectProfile {
  if (dialect === 'ollama') return ollamaProfile;
  if (dialect === 'llamacpp') return llamacppProfile;
  return vllmProfile();
}

/** What a non-streaming request gets from a scripted list: one token, as for max_tokens 1. */
const PROBE_REPLY: ScriptedTurn = { content: 'OK', finishReason: 'length', completionTokens: 1 };

export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  const profile = dialectProfile(options.dialect ?? 'vllm');
  const models = options.models ?? ['test-model'];
  const acceptsTools = options.acceptsTools ?? true;
  const requests: ChatRequestRecord[] = [];
  const sockets = new Set<Socket>();
  let listPosition = 0;

  function nextTurn(record: ChatRequestRecord): ScriptedTurn {
    const turns = options.turns ?? [];
    if (typeof turns === 'function') return turns(record, requests.length - 1);
    if (!record.stream) return PROBE_REPLY;
    const turn = turns[listPosition++];
    if (turn) return turn;
    const message =
      `The fake model server's script ran out: ${turns.length} streamed turn(s) were scripted ` +
      `and request ${requests.length} asked for another.`;
    return { kind: 'http-error', status: 500, body: JSON.stringify(profile.errorBody(500, message)) };
  }

  async function chat(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request));
    } catch {
      return answer(response, json(400, profile.errorBody(400, 'The request body is not valid JSON.')));
    }
    if (typeof body !== 'object' || body === null || !Array.isArray((body as { messages?: unknown }).messages)) {
      return answer(response, json(400, profile.errorBody(400, '[] is too short - \'messages\'')));
    }
    const fields = body as Record<string, unknown>;
    const record: ChatRequestRecord = {
      body: fields,
      messages: fields['messages'] as unknown[],
      stream: fields['stream'] === true,
      ...(Array.isArray(fields['tools']) ? { tools: fields['tools'] as unknown[] } : {}),
    };
    requests.push(record);
    const model = typeof fields['model'] === 'string' ? fields['model'] : '';
    const unknown = models.includes(model) ? undefined : profile.unknownModel?.(model);
    if (unknown) return answer(response, json(unknown.status, profile.errorBody(unknown.status, unknown.message)));
    if (!acceptsTools && record.tools && record.tools.length > 0) {
      const refusal = profile.toolsRejected(model);
      return answer(response, json(refusal.status, profile.errorBody(refusal.status, refusal.message)));
    }
    const streamOptions = fields['stream_options'] as { include_usage?: unknown } | undefined;
    await playTurn(nextTurn(record), response, {
      profile,
      stream: record.stream,
      delayMs: options.delayMsPerChunk ?? 0,
      promptCharacters: JSON.stringify(record.messages).length,
      settings: { model: model || (models[0] ?? 'model'), chunkSize: options.chunkSize ?? 4, includeUsage: streamOptions?.include_usage === true },
    });
  }

  function answer(response: ServerResponse, route: RouteAnswer): void {
    response.writeHead(route.status, { 'content-type': route.contentType, ...profile.headers });
    response.end(route.body);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname.replace(/(.)\/+$/, '$1');
    if (request.method === 'POST' && path === '/v1/chat/completions') return chat(request, response);
    if (request.method === 'GET' && path === '/v1/models') return answer(response, json(200, profile.modelList(models)));
    // GET routes are keyed by path, others by "METHOD path" (Ollama's POST /api/show).
    const route = profile.routes[request.method === 'GET' ? path : `${request.method ?? ''} ${path}`];
    answer(response, route ? route(models) : profile.notFound);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`fake model server failed: ${String(error)}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging turns and keep-alive connections would otherwise keep close() waiting.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
