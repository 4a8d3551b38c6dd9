// Bounded retries with exponential backoff and jitter. The SDK's own retries are switched off
// so that this is the one place deciding what is worth another attempt (see ModelError.retryable).
import type { Log } from '../host/ports';
import { abortedError, ModelError } from './errors';

export interface RetryPolicy {
  /** Attempts after the first one. */
  maxRetries: number;
  baseMs: number;
  capMs: number;
}

export interface RetryHooks {
  signal?: AbortSignal;
  log?: Log;
  /** What the retried thing is, for log lines ("chat turn", "model list"). */
  what: string;
  url: string;
  /** Narrows ModelError.retryable for this call (e.g. the tool-format probe). */
  canRetry?: (error: ModelError) => boolean;
}

/** Delay before retry number `retry` (0-based): base·2^retry, capped, scaled by a random 50–100%
 * so that several clients hitting one restarting server do not retry in lockstep. */
export function backoffDelay(policy: RetryPolicy, retry: number, retryAfterMs?: number): number {
  const exponential = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
  const jittered = exponential * (0.5 + Math.random() * 0.5);
  if (retryAfterMs === undefined) return Math.round(jittered);
  return Math.round(Math.min(policy.capMs, Math.max(jittered, retryAfterMs)));
}

export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<T> {
  const canRetry = hooks.canRetry ?? ((error: ModelError) => error.retryable);
  for (let retry = 0; ; retry++) {
    if (hooks.signal?.aborted) throw abortedError(hooks.url);
    try {
      return await attempt(retry);
    } catch (error) {
      if (!(error instanceof ModelError) || !canRetry(error) || retry >= policy.maxRetries) throw error;
      const delay = backoffDelay(policy, retry, error.retryAfterMs);
      hooks.log?.warn(
        `${hooks.what}: ${error.message} Retrying in ${delay} ms (retry ${retry + 1} of ${policy.maxRetries}).`,
      );
      await abortableSleep(delay, hooks.signal, hooks.url);
    }
  }
}

function abortableSleep(ms: number, signal: AbortSignal | undefined, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError(url));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(url));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
