// Public types of the protocol-level fake model server.

export type Dialect = 'vllm' | 'ollama' | 'llamacpp';

export interface ScriptedToolCall {
  name: string;
  /** An object is sent as its JSON; a string is sent exactly as given (so it can be broken JSON). */
  arguments: string | Record<string, unknown>;
}

export interface ReplyTurn {
  kind?: 'reply';
  content?: string;
  reasoning?: string;
  toolCalls?: ScriptedToolCall[];
  /** Default: 'tool_calls' when there are tool calls, else 'stop'. */
  finishReason?: string;
  /** Defaults: prompt ≈ request characters / 4, completion = number of streamed pieces. */
  promptTokens?: number;
  completionTokens?: number;
}

export type ScriptedTurn =
  | ReplyTurn
  | { kind: 'http-error'; status: number; body?: string }
  /** Sends `afterChunks` SSE events (default 3: the role chunk and two pieces of `content`), then
   * destroys the socket. */
  | { kind: 'disconnect'; content?: string; afterChunks?: number }
  /** Sends `afterChunks` valid events (default 1), then `data: {not json`, then ends the response. */
  | { kind: 'malformed'; afterChunks?: number }
  /** Sends the response headers, then nothing until the client goes away or the server closes. */
  | { kind: 'hang' }
  /** Streams `content`, then llama.cpp's mid-stream error event
   * (`data: {"error":{"code":500,"message":…,"type":"server_error"}}`), then ends the response,
   * as llama-server does when it cannot parse the finished reply. */
  | { kind: 'error-event'; content?: string; code?: number; message?: string };

export interface ChatRequestRecord {
  body: Record<string, unknown>;
  messages: unknown[];
  tools?: unknown[];
  stream: boolean;
}

export interface ModelServerOptions {
  /** Default 'vllm'. */
  dialect?: Dialect;
  /** Default: any free port. A fixed one lets a test bring a stopped server back at the same URL. */
  port?: number;
  /** Default ['test-model']. */
  models?: string[];
  /** A list is consumed in order by STREAMING requests; a non-streaming request (the client's
   * tool-format probe) gets a one-token reply without consuming a turn. A list that runs out
   * answers HTTP 500 with a body saying so, so a test that asks for more turns than it scripted
   * fails loudly instead of seeing made-up replies. A function is asked for every chat request,
   * streaming or not; its index counts all chat requests from 0. */
  turns?: ScriptedTurn[] | ((request: ChatRequestRecord, index: number) => ScriptedTurn);
  /** Default true; false: requests carrying `tools` get the dialect's real refusal. */
  acceptsTools?: boolean;
  /** Characters per content, reasoning and argument piece (default 4, about a token). */
  chunkSize?: number;
  /** Pause between streamed events (default 0). */
  delayMsPerChunk?: number;
}

export interface ModelServer {
  /** Base URL ending in /v1. */
  url: string;
  /** Every chat-completions request received, streaming or not, in order. */
  requests: ChatRequestRecord[];
  close(): Promise<void>;
}
