// Reads one streamed chat-completion response into a TurnAccumulator: bytes → SSE events →
// JSON chunks. Also copes with a server that ignored `stream: true` and answered with one JSON
// completion. Every way the stream can go wrong ends in a ModelError that says which.
import { ModelError, streamBrokenError, type ErrorContext } from './errors';
import { SseDecoder, type SseEvent } from './sse';
import type { TurnAccumulator, WireChunk } from './turn-accumulator';

export interface StreamReadContext {
  url: string;
  /** Called on every read from the socket (resets the idle timer). */
  onActivity: () => void;
  errorContext: () => ErrorContext;
  /** The most reply characters one turn may stream (see ModelClientOptions.maxReplyChars). */
  maxReplyChars: number;
}

export async function readTurnStream(
  response: Response,
  accumulator: TurnAccumulator,
  context: StreamReadContext,
): Promise<void> {
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('text/html')) {
    // A web UI answered instead of the API: retrying would get the same page.
    await response.body?.cancel();
    throw new ModelError(
      'stream',
      `The server at ${context.url} answered with a web page instead of a chat completion. Check the base URL (it usually ends in /v1).`,
      { url: context.url, retryable: false },
    );
  }
  if (contentType.includes('application/json')) {
    await readWholeCompletion(response, accumulator, context);
    return;
  }
  const body = response.body;
  if (!body) throw streamBrokenError(context.errorContext(), 'the response had no body');
  const decoder = new SseDecoder();
  let done = false;
  const onEvent = (event: SseEvent): void => {
    if (done) return;
    if (event.data.startsWith('[DONE]')) {
      done = true;
      return;
    }
    const chunk = parseChunk(event.data, context.url);
    const reported = event.event === 'error' ? chunk : errorField(chunk);
    if (reported !== undefined) throw serverReportedError(reported, context);
    if (typeof chunk === 'object' && chunk !== null) accumulator.addChunk(chunk as WireChunk);
    if (accumulator.replyChars > context.maxReplyChars) throw replyTooLongError(context);
  };
  const reader = body.getReader();
  try {
    while (!done) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      context.onActivity();
      decoder.push(value, onEvent);
    }
    if (!done) decoder.end(onEvent);
  } finally {
    // Stop reading after [DONE] or a failure, so the connection is released right away
    // (a no-op when the body already ended).
    reader.cancel().catch(() => undefined);
  }
  if (!done && accumulator.rawFinishReason === undefined) {
    throw streamBrokenError(context.errorContext(), 'the server closed the stream without finishing the turn');
  }
}

/** A reply far beyond any reply budget: a runaway or hostile server. Not retried, since the
 * same request would run away again, and the partial reply is not kept. */
function replyTooLongError(context: StreamReadContext): ModelError {
  const limit = context.maxReplyChars.toLocaleString('en-US');
  return new ModelError(
    'stream',
    `The model server at ${context.url} sent a reply longer than ${limit} characters, so Crux stopped it ` +
      '(the reply budget is far smaller: the server ignores max_tokens or is not a model server).',
    { url: context.url, retryable: false },
  );
}

function parseChunk(data: string, url: string): unknown {
  try {
    return JSON.parse(data);
  } catch (error) {
    const preview = data.length > 120 ? `${data.slice(0, 120)}…` : data;
    return throwMalformed(url, (error as Error).message, preview);
  }
}

function throwMalformed(url: string, reason: string, preview: string): never {
  // A server that writes broken JSON has a bug, so this is not retried.
  throw new ModelError(
    'stream',
    `The model server at ${url} sent a malformed stream chunk (invalid JSON: ${reason}): ${preview}`,
    { url, retryable: false },
  );
}

function errorField(chunk: unknown): unknown {
  if (typeof chunk !== 'object' || chunk === null || !('error' in chunk)) return undefined;
  const error = (chunk as { error: unknown }).error;
  return error === null || error === undefined ? undefined : error;
}

/** An error the server reported inside the stream (vLLM, SGLang and llama.cpp do this). */
function serverReportedError(reported: unknown, context: StreamReadContext): ModelError {
  const detail = typeof reported === 'object' && reported !== null ? (reported as Record<string, unknown>) : {};
  const inner = typeof detail['error'] === 'object' && detail['error'] !== null ? (detail['error'] as Record<string, unknown>) : detail;
  const message = typeof inner['message'] === 'string' ? inner['message'] : JSON.stringify(reported);
  const code = typeof inner['code'] === 'number' ? inner['code'] : undefined;
  const { tokensArrived, url } = context.errorContext();
  const transient = code === undefined || code === 429 || code >= 500;
  return new ModelError('stream', `The model server at ${url} reported an error mid-stream: ${message}`, {
    url,
    retryable: !tokensArrived && transient,
    midStream: transient,
    serverMessage: message,
    ...(code !== undefined ? { status: code } : {}),
  });
}

/** A non-streamed completion, read as if it were one chunk whose delta is the whole message. */
async function readWholeCompletion(response: Response, accumulator: TurnAccumulator, context: StreamReadContext): Promise<void> {
  const text = await response.text();
  context.onActivity();
  const completion = parseChunk(text, context.url) as { choices?: unknown; usage?: unknown };
  const choices = Array.isArray(completion.choices) ? completion.choices : [];
  const asDeltas = choices.map((raw) => {
    const choice = raw as { index?: unknown; message?: Record<string, unknown> | null; finish_reason?: unknown };
    const message = choice.message ?? {};
    // Whole-message tool calls carry no index; number them so they are not merged into one.
    const calls = Array.isArray(message['tool_calls']) ? message['tool_calls'] : [];
    const toolCalls = calls.map((call: unknown, index) => ({ index, ...(call as object) }));
    const delta = { ...message, tool_calls: toolCalls };
    return { index: choice.index, delta, finish_reason: choice.finish_reason ?? 'stop' };
  });
  accumulator.addChunk({ choices: asDeltas, usage: completion.usage });
  if (accumulator.replyChars > context.maxReplyChars) throw replyTooLongError(context);
  if (asDeltas.length === 0) throw streamBrokenError(context.errorContext(), 'the response held no choices');
}
