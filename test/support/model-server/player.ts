// Plays one scripted turn onto an HTTP response: a streamed or whole reply in the dialect's
// shapes, an HTTP error, or one of the failure modes (cut connection, broken JSON, silence).
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveReply, type DialectProfile, type StreamSettings } from './dialect';
import type { ReplyTurn, ScriptedTurn } from './types';

export interface PlayContext {
  profile: DialectProfile;
  settings: StreamSettings;
  stream: boolean;
  delayMs: number;
  promptCharacters: number;
}

/** The SSE text of a streamed reply, [DONE] included. */
export function sseEvents(turn: ReplyTurn, context: Pick<PlayContext, 'profile' | 'settings' | 'promptCharacters'>): string[] {
  const reply = resolveReply(turn, context.promptCharacters, context.settings.chunkSize);
  const events = context.profile.streamChunks(reply, context.settings).map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`);
  events.push('data: [DONE]\n\n');
  return events;
}

export async function playTurn(turn: ScriptedTurn, response: ServerResponse, context: PlayContext): Promise<void> {
  switch (turn.kind) {
    case 'http-error':
      sendJson(response, turn.status, turn.body ?? JSON.stringify(context.profile.errorBody(turn.status, `scripted HTTP ${turn.status} error`)), context);
      return;
    case 'hang':
      startStream(response, context);
      await closed(response);
      return;
    case 'disconnect': {
      if (!context.stream) {
        response.socket?.destroy();
        return;
      }
      const events = sseEvents({ content: turn.content ?? 'This answer will be cut off.' }, context);
      startStream(response, context);
      await writeEvents(response, events.slice(0, turn.afterChunks ?? 3), context.delayMs);
      await new Promise<void>((resolve) => response.write('', () => resolve()));
      response.socket?.destroy();
      return;
    }
    case 'malformed': {
      if (!context.stream) {
        sendJson(response, 200, '{not json', context);
        return;
      }
      startStream(response, context);
      await writeEvents(response, sseEvents({ content: 'Never delivered.' }, context).slice(0, turn.afterChunks ?? 1), context.delayMs);
      response.end('data: {not json\n\n');
      return;
    }
    case 'error-event': {
      startStream(response, context);
      // The content chunks of the reply, without its final chunk and [DONE].
      const events = sseEvents({ content: turn.content ?? 'Some text before the failure.' }, context).slice(0, -2);
      await writeEvents(response, events, context.delayMs);
      const code = turn.code ?? 500;
      const message = turn.message ?? 'The model produced output that does not match the expected Hermes 2 Pro format';
      response.end(`data: ${JSON.stringify({ error: { code, message, type: code >= 500 ? 'server_error' : 'invalid_request_error' } })}\n\n`);
      return;
    }
    default:
      await playReply(turn, response, context);
  }
}

async function playReply(turn: ReplyTurn, response: ServerResponse, context: PlayContext): Promise<void> {
  if (!context.stream) {
    const reply = resolveReply(turn, context.promptCharacters, context.settings.chunkSize);
    sendJson(response, 200, JSON.stringify(context.profile.completion(reply, context.settings)), context);
    return;
  }
  startStream(response, context);
  if (await writeEvents(response, sseEvents(turn, context), context.delayMs)) response.end();
}

function startStream(response: ServerResponse, context: PlayContext): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...context.profile.headers });
  response.flushHeaders();
}

function sendJson(response: ServerResponse, status: number, body: string, context: PlayContext): void {
  response.writeHead(status, { 'content-type': 'application/json', ...context.profile.headers });
  response.end(body);
}

/** Writes events with backpressure; false when the client went away first. */
async function writeEvents(response: ServerResponse, events: readonly string[], delayMs: number): Promise<boolean> {
  for (const event of events) {
    if (response.destroyed) return false;
    if (!response.write(event)) await Promise.race([drained(response), closed(response)]);
    if (delayMs > 0) await sleep(delayMs);
  }
  return !response.destroyed;
}

function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => response.once('drain', () => resolve()));
}

function closed(response: ServerResponse): Promise<void> {
  if (response.destroyed) return Promise.resolve();
  return new Promise((resolve) => response.once('close', () => resolve()));
}
