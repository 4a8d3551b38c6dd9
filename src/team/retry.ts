// Retrying what a server restart or a dropped network interrupts. Only errors that say the
// connection failed are retried (never a constraint, permission or syntax error), and every
// operation retried this way is idempotent or a single transaction that either happened or not.

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** SQLSTATE classes 08 (connection exception) and 57P0x (the server shutting down or starting). */
const CONNECTION_STATES = /^(08|57P0[1-3])/;

export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || CONNECTION_STATES.test(code))) return true;
  return /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect|the database system is (starting up|shutting down)/i.test(error.message);
}

export interface RetryOptions {
  /** Give up after this long without success (ms). */
  deadlineMs: number;
  /** First wait; doubled each time up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  onRetry?: (error: Error, attempt: number, delayMs: number) => void;
}

export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const started = Date.now();
  let delay = options.initialDelayMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isConnectionError(error) || Date.now() - started + delay > options.deadlineMs || options.signal?.aborted) throw error;
      options.onRetry?.(error as Error, attempt, delay);
      await sleep(delay, options.signal);
      delay = Math.min(delay * 2, options.maxDelayMs ?? 5000);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
