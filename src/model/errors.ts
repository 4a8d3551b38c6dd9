// The one error type the model client throws, and the translation of SDK, fetch and socket
// failures into it. Messages name the server's URL and say what to do, because the person
// reading them is usually looking at a CLI or a chat panel, not a stack trace.
import { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

export type ModelErrorKind = 'unreachable' | 'http' | 'stream' | 'aborted' | 'timeout';

export interface ModelErrorDetails {
  url: string;
  retryable: boolean;
  status?: number;
  /** Server-requested wait (Retry-After), honoured by the retry loop. */
  retryAfterMs?: number;
  /** The server's own words, for HTTP errors. */
  serverMessage?: string;
  /** The server itself reported the failure inside the stream (an `error` event). */
  midStream?: boolean;
  cause?: unknown;
}

export class ModelError extends Error {
  readonly kind: ModelErrorKind;
  readonly status?: number;
  /** The base URL of the model server the request went to. */
  readonly url: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  /** The server's own error text (HTTP errors), without Crux's framing. */
  readonly serverMessage?: string;
  /** The server reported this failure inside the stream, e.g. llama.cpp's "The model produced
   * output that does not match the expected format" after the reply; a new attempt can succeed. */
  readonly midStream: boolean;

  constructor(kind: ModelErrorKind, message: string, details: ModelErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ModelError';
    this.kind = kind;
    this.url = details.url;
    this.retryable = details.retryable;
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.serverMessage !== undefined) this.serverMessage = details.serverMessage;
    this.midStream = details.midStream === true;
  }
}

/** Why the attempt ended when our own controller aborted it. */
export type AbortCause = 'user' | 'timeout' | undefined;

export interface ErrorContext {
  url: string;
  abortCause: AbortCause;
  idleTimeoutMs: number;
  /** Whether any token had arrived on this attempt's stream. */
  tokensArrived: boolean;
}

export function abortedError(url: string): ModelError {
  return new ModelError('aborted', `The request to the model server at ${url} was aborted.`, {
    url,
    retryable: false,
  });
}

export function timeoutError(url: string, idleTimeoutMs: number): ModelError {
  const seconds = Math.round(idleTimeoutMs / 100) / 10;
  return new ModelError(
    'timeout',
    `The model server at ${url} sent nothing for ${seconds} s, so Crux stopped waiting. ` +
      'A very long prompt on slow hardware can need a larger request timeout.',
    { url, retryable: false },
  );
}

/** Error for a stream that ended or broke before the turn was complete. */
export function streamBrokenError(context: ErrorContext, why: string, cause?: unknown): ModelError {
  const { url, tokensArrived } = context;
  const message = tokensArrived
    ? `The stream from the model server at ${url} was cut after tokens had arrived (${why}); the reply is incomplete.`
    : `The stream from the model server at ${url} ended before any token arrived (${why}).`;
  // Nothing was shown yet, so a retry is invisible to the user; after tokens it is not.
  return new ModelError('stream', message, { url, retryable: !tokensArrived, cause });
}

/** Translates anything thrown while requesting or reading a turn into a ModelError. */
export function toModelError(error: unknown, context: ErrorContext): ModelError {
  if (error instanceof ModelError) return error;
  const { url } = context;
  if (context.abortCause === 'user') return abortedError(url);
  if (context.abortCause === 'timeout' || error instanceof APIConnectionTimeoutError) {
    return timeoutError(url, context.idleTimeoutMs);
  }
  if (error instanceof APIUserAbortError) return abortedError(url);
  if (error instanceof APIError && error.status === undefined) {
    const reason = connectionFailureReason(error);
    return new ModelError(
      'unreachable',
      `Cannot reach the model server at ${url} (${reason}). Is it running? Start one with e.g. ${serverStartHint(url)}.`,
      { url, retryable: true, cause: error },
    );
  }
  if (error instanceof APIError && error.status !== undefined) return httpError(error, error.status, url);
  const why = error instanceof Error ? describeSocketError(error) : String(error);
  return streamBrokenError(context, why, error);
}

function httpError(error: APIError, status: number, url: string): ModelError {
  const retryable = status === 429 || status === 408 || status >= 500;
  const serverText = error.message.replace(/^\d{3}\s*/, '').trim() || 'no details given';
  const advice =
    status === 401 || status === 403
      ? ' The server wants an API key: set one in the Crux model settings.'
      : status === 404
        ? ' Check the base URL (it usually ends in /v1) and the model name.'
        : '';
  const details: ModelErrorDetails = { url, retryable, status, serverMessage: serverText, cause: error };
  const retryAfterMs = parseRetryAfter(error.headers?.get('retry-after') ?? null);
  if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
  const sentence = /[.!?]$/.test(serverText) ? serverText : `${serverText}.`;
  return new ModelError('http', `The model server at ${url} answered HTTP ${status}: ${sentence}${advice}`, details);
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed by the server',
};

/** Finds the errno-style code buried in fetch's cause chain (TypeError → Error or AggregateError). */
export function findErrorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 6 || typeof error !== 'object' || error === null) return undefined;
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof record.code === 'string' && record.code in REASONS) return record.code;
  const fromCause = findErrorCode(record.cause, depth + 1);
  if (fromCause) return fromCause;
  if (Array.isArray(record.errors)) {
    for (const inner of record.errors) {
      const code = findErrorCode(inner, depth + 1);
      if (code) return code;
    }
  }
  return typeof record.code === 'string' ? record.code : undefined;
}

function connectionFailureReason(error: unknown): string {
  const code = findErrorCode(error);
  if (code) return REASONS[code] ?? code;
  return 'connection failed';
}

function describeSocketError(error: Error): string {
  const code = findErrorCode(error);
  if (code && REASONS[code]) return REASONS[code];
  const causeMessage = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${causeMessage}`;
}

/** A start command for the server usually found on this URL's port, for the unreachable message. */
export function serverStartHint(url: string): string {
  let port = '';
  try {
    port = new URL(url).port;
  } catch {
    // An unparsable URL gets the generic hint.
  }
  switch (port) {
    case '11434':
      return '`ollama serve` (then `ollama pull MODEL`)';
    case '8080':
      return '`llama-server -m MODEL.gguf --jinja --port 8080`';
    case '1234':
      return 'LM Studio (Developer tab → Start Server)';
    case '30000':
      return '`python -m sglang.launch_server --model-path MODEL`';
    default:
      return '`vllm serve MODEL --enable-auto-tool-choice --tool-call-parser hermes`';
  }
}
