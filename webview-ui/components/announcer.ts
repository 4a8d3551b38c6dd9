// A polite live region for screen readers: streamed model text is read out in whole pieces
// (gathered until the stream pauses), not token by token, and never interrupts the user.
import { h } from '../dom';

/** How long the stream must pause before what came is read out. */
const QUIET_MS = 900;
/** The longest piece read out at once; a long answer is better read in the transcript. */
const MAX_CHARS = 600;

export class Announcer {
  readonly element = h('div', { className: 'sr-only', attrs: { 'role': 'status', 'aria-live': 'polite', 'aria-atomic': 'true' } });
  private buffer = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** While a chat is shown again: its old messages are not news. */
  muted = false;

  /** Streamed text: read out once the stream pauses. */
  stream(text: string): void {
    if (this.muted) return;
    this.buffer += text;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), QUIET_MS);
  }

  /** A short message read out now (after any streamed text). */
  say(text: string): void {
    if (this.muted) return;
    this.flush();
    this.element.textContent = text;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const text = this.buffer.trim();
    this.buffer = '';
    if (text === '') return;
    this.element.textContent = text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}…` : text;
  }
}
