// One attempt's deadline: aborted by the caller's signal or when it runs out, remembering which.
// The SDK's own `timeout` stops at the response headers, so a server that sends headers and
// then nothing would otherwise hold a non-streamed request (the model list, the tool probe)
// for as long as the socket lives.
import type { AbortCause } from './errors';

export interface Deadline {
  signal: AbortSignal;
  /** 'user' when the caller aborted, 'timeout' when time ran out, else undefined. */
  cause(): AbortCause;
  clear(): void;
}

export function deadline(timeoutMs: number, callerSignal?: AbortSignal): Deadline {
  const controller = new AbortController();
  let cause: AbortCause;
  const onCallerAbort = (): void => {
    cause ??= 'user';
    controller.abort();
  };
  if (callerSignal?.aborted) onCallerAbort();
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  const timer = setTimeout(() => {
    cause ??= 'timeout';
    controller.abort();
  }, timeoutMs);
  return {
    signal: controller.signal,
    cause: () => cause,
    clear: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
