// Keeps the beginning and the end of a stream that may be far larger than what we can show.
// Command output is the typical case: the head says what ran, the tail says how it ended,
// and the middle of a 50 MB build log is rarely worth the model's context.

/** The line put where characters were dropped; the count lets readers judge what is missing. */
export function omissionMarker(omitted: number): string {
  return `\n[... ${omitted} characters omitted ...]\n`;
}

/**
 * A buffer that keeps the first ⌊max/2⌋ and the last ⌈max/2⌉ characters pushed into it.
 * Memory stays bounded by `max` plus the largest single chunk, whatever the stream length.
 */
export class HeadTailBuffer {
  private head = '';
  private tail = '';
  private seen = 0;
  private readonly headMax: number;
  private readonly tailMax: number;

  constructor(readonly maxChars: number) {
    if (!Number.isFinite(maxChars) || maxChars < 0) {
      throw new RangeError(`HeadTailBuffer needs a non-negative size, got ${maxChars}`);
    }
    this.headMax = Math.floor(maxChars / 2);
    this.tailMax = maxChars - this.headMax;
  }

  push(chunk: string): void {
    if (chunk.length === 0) return;
    this.seen += chunk.length;
    let rest = chunk;
    if (this.head.length < this.headMax) {
      const room = this.headMax - this.head.length;
      this.head += rest.slice(0, room);
      rest = rest.slice(room);
    }
    if (rest.length === 0 || this.tailMax === 0) return;
    // Only the newest tailMax characters can survive, so older ones are dropped at once.
    this.tail = rest.length >= this.tailMax ? rest.slice(-this.tailMax) : (this.tail + rest).slice(-this.tailMax);
  }

  /** Characters pushed in total. */
  get totalChars(): number {
    return this.seen;
  }

  /** Characters dropped from the middle so far. */
  get omittedChars(): number {
    return this.seen - this.head.length - this.tail.length;
  }

  get truncated(): boolean {
    return this.omittedChars > 0;
  }

  toString(): string {
    const omitted = this.omittedChars;
    return omitted > 0 ? this.head + omissionMarker(omitted) + this.tail : this.head + this.tail;
  }
}

/** Caps a whole string the same way the buffer caps a stream. */
export function headTail(text: string, maxChars: number): { text: string; truncated: boolean } {
  const buffer = new HeadTailBuffer(maxChars);
  buffer.push(text);
  return { text: buffer.toString(), truncated: buffer.truncated };
}
