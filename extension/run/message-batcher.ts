// Streams host messages to the webview without flooding it: text deltas that arrive within
// one frame (~16 ms) are merged into one message. Any other message first flushes the
// pending text, so the webview sees everything in the order it happened.
import type { HostMessage, TextDeltaMessage } from '../../src/protocol';

export const FRAME_MS = 16;

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class MessageBatcher {
  private pending: TextDeltaMessage[] = [];
  private timer: unknown;

  constructor(
    private readonly send: (message: HostMessage) => void,
    private readonly timers: Timers = realTimers,
    private readonly frameMs = FRAME_MS,
  ) {}

  push(message: HostMessage): void {
    if (message.type !== 'text-delta') {
      this.flush();
      this.send(message);
      return;
    }
    const last = this.pending[this.pending.length - 1];
    if (last && last.step === message.step && last.kind === message.kind) last.text += message.text;
    else this.pending.push({ ...message });
    this.timer ??= this.timers.setTimeout(() => this.flush(), this.frameMs);
  }

  flush(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    const pending = this.pending;
    this.pending = [];
    for (const message of pending) this.send(message);
  }
}
