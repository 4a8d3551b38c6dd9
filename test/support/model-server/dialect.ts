// What a server dialect defines: its chunk shapes, model list, errors and side endpoints.
import { randomBytes, randomInt } from 'node:crypto';
import type { Dialect, ReplyTurn, ScriptedToolCall } from './types';

/** A reply with every default filled in. */
export interface Reply {
  content: string;
  reasoning: string;
  toolCalls: { name: string; argumentsText: string }[];
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
}

export interface StreamSettings {
  model: string;
  chunkSize: number;
  includeUsage: boolean;
}

export interface RouteAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface DialectProfile {
  name: Dialect;
  /** Extra headers on every response (e.g. vLLM's uvicorn `server`). */
  headers: Record<string, string>;
  modelList(models: readonly string[]): unknown;
  /** Endpoints besides /v1/models: GET ones by path, others as "POST /api/show". */
  routes: Record<string, (models: readonly string[]) => RouteAnswer>;
  notFound: RouteAnswer;
  errorBody(status: number, message: string): unknown;
  /** The message for a model the server does not serve; undefined: any name is accepted
   * (llama-server serves its one model under whatever name is asked for). */
  unknownModel: ((model: string) => { status: number; message: string }) | undefined;
  /** The answer to a request carrying `tools` when tool calling is not enabled. */
  toolsRejected(model: string): { status: number; message: string };
  /** The chunk objects of a streamed reply, in order, without the final [DONE]. */
  streamChunks(reply: Reply, settings: StreamSettings): object[];
  completion(reply: Reply, settings: StreamSettings): object;
}

export function json(status: number, body: unknown): RouteAnswer {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}

export function resolveReply(turn: ReplyTurn, promptCharacters: number, chunkSize: number): Reply {
  const toolCalls = (turn.toolCalls ?? []).map((call: ScriptedToolCall) => ({
    name: call.name,
    argumentsText: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
  }));
  const pieces = (text: string): number => Math.ceil(text.length / chunkSize);
  const streamed =
    pieces(turn.content ?? '') +
    pieces(turn.reasoning ?? '') +
    toolCalls.reduce((sum, call) => sum + 1 + pieces(call.argumentsText), 0);
  return {
    content: turn.content ?? '',
    reasoning: turn.reasoning ?? '',
    toolCalls,
    finishReason: turn.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    promptTokens: turn.promptTokens ?? Math.max(1, Math.ceil(promptCharacters / 4)),
    completionTokens: turn.completionTokens ?? Math.max(1, streamed),
  };
}

/** Splits text into pieces of `size` UTF-16 units without cutting a surrogate pair in two. */
export function splitText(text: string, size: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + Math.max(1, size));
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

export function usageOf(reply: Reply): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  return {
    prompt_tokens: reply.promptTokens,
    completion_tokens: reply.completionTokens,
    total_tokens: reply.promptTokens + reply.completionTokens,
  };
}

export function hexId(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function alphanumericId(length: number, alphabet = ALPHANUMERIC): string {
  let id = '';
  for (let i = 0; i < length; i++) id += alphabet[randomInt(alphabet.length)];
  return id;
}

export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
