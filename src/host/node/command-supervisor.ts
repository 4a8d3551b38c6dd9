// Timeout and cancellation for one running command, the same for both Node terminals: on
// either, the process tree gets SIGTERM (a chance to clean up) and, shortly after, SIGKILL
// (for whatever ignored SIGTERM or was left behind by a leader that did exit).
import type { CommandRequest } from '../ports';

/** Time between the polite SIGTERM and the final SIGKILL. */
export const KILL_GRACE_MS = 1000;

export interface CommandSupervisor {
  readonly timedOut: boolean;
  readonly aborted: boolean;
  /** Stop watching: the command has ended. A kill already under way still completes. */
  dispose(): void;
}

export function superviseCommand(request: Pick<CommandRequest, 'timeoutMs' | 'signal'>, kill: (signal: NodeJS.Signals) => void): CommandSupervisor {
  let timedOut = false;
  let aborted = false;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    kill('SIGTERM');
    setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, request.timeoutMs);
  const onAbort = () => {
    aborted = true;
    stop();
  };
  request.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    get timedOut() {
      return timedOut;
    },
    get aborted() {
      return aborted;
    },
    dispose() {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    },
  };
}
