// The protocol-level fake model server (see server.ts), and the pre-rendering of a streamed reply
// for benchmarks that must not pay for the server's own JSON work while measuring the client.
import { dialectProfile } from './server';
import { sseEvents } from './player';
import type { Dialect, ReplyTurn } from './types';

export { startModelServer } from './server';
export type {
  ChatRequestRecord,
  Dialect,
  ModelServer,
  ModelServerOptions,
  ReplyTurn,
  ScriptedToolCall,
  ScriptedTurn,
} from './types';

export interface RenderOptions {
  dialect?: Dialect;
  model?: string;
  chunkSize?: number;
  includeUsage?: boolean;
}

/** The whole SSE body a dialect would stream for this reply, `data: [DONE]` included. */
export function renderReplyStream(turn: ReplyTurn, options: RenderOptions = {}): string {
  return sseEvents(turn, {
    profile: dialectProfile(options.dialect ?? 'vllm'),
    promptCharacters: 400,
    settings: { model: options.model ?? 'test-model', chunkSize: options.chunkSize ?? 4, includeUsage: options.includeUsage ?? true },
  }).join('');
}
