// "waiting for the first token … N s": a model turn on a CPU can take minutes before its first
// token (prompt processing), and a silent terminal looks hung. On a terminal the line counts up in
// place every second; in a log it is written at growing intervals, so CI logs stay short.
export interface WaitDisplay {
  /** A model turn was asked for. */
  start(step: number): void;
  /** Anything arrived (or the turn ended): stop counting. */
  stop(): void;
}

export interface WaitDisplayOptions {
  write: (line: string) => void;
  /** Rewrites the current terminal line; absent when stdout is not a terminal. */
  rewrite?: (text: string) => void;
  /** How often the wait is looked at (default 1 s). */
  tickMs?: number;
  now?: () => number;
}

/** Seconds at which a log gets a line: 10, 30, 60, then every minute. */
const LOG_MARKS_S = [10, 30, 60];

export function createWaitDisplay(options: WaitDisplayOptions): WaitDisplay {
  const now = options.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let startedAt = 0;
  let shown = false;
  let nextLogMark = 0;

  const text = (): string => `  waiting for the first token … ${Math.floor((now() - startedAt) / 1000)} s`;
  const tick = (): void => {
    const seconds = (now() - startedAt) / 1000;
    if (options.rewrite) {
      options.rewrite(text());
      shown = true;
      return;
    }
    const mark = LOG_MARKS_S[nextLogMark] ?? (LOG_MARKS_S[LOG_MARKS_S.length - 1] ?? 60) + 60 * (nextLogMark - LOG_MARKS_S.length + 1);
    if (seconds >= mark) {
      options.write(text());
      nextLogMark++;
    }
  };

  return {
    start() {
      this.stop();
      startedAt = now();
      nextLogMark = 0;
      timer = setInterval(tick, options.tickMs ?? 1000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (shown) options.rewrite?.('');
      shown = false;
    },
  };
}

/** The display for this process's stdout: in place on a terminal, sparse lines in a log. */
export function terminalWaitDisplay(write: (line: string) => void): WaitDisplay {
  if (!process.stdout.isTTY) return createWaitDisplay({ write });
  return createWaitDisplay({ write, rewrite: (text) => process.stdout.write(`\r\x1b[2K${text}`) });
}
