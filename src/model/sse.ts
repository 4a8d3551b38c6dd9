// An incremental Server-Sent-Events decoder. The SDK's own stream iterator re-copies its byte
// buffer for every event, which costs more than everything else a turn does (bench/stream.ts);
// this one touches each byte a bounded number of times, so a long reply costs O(length).

export interface SseEvent {
  /** The `event:` field, or 'error' for llama.cpp's non-standard `error:` line; null when absent. */
  event: string | null;
  data: string;
}

export type SseListener = (event: SseEvent) => void;

const LINE_FEED = '\n';
const CARRIAGE_RETURN = 13;

export class SseDecoder {
  private readonly utf8 = new TextDecoder();
  /** Text after the last line feed, kept as pieces so a long line is joined once, not per read. */
  private partialLine: string[] = [];
  private data: string | null = null;
  private event: string | null = null;

  push(bytes: Uint8Array, listener: SseListener): void {
    this.feed(this.utf8.decode(bytes, { stream: true }), listener);
  }

  /** Flushes a last event that was not followed by a blank line (lenient towards odd servers). */
  end(listener: SseListener): void {
    this.feed(this.utf8.decode(), listener);
    if (this.partialLine.length > 0) {
      const line = this.partialLine.join('');
      this.partialLine = [];
      this.line(line, 0, line.length, listener);
    }
    this.dispatch(listener);
  }

  private feed(chunk: string, listener: SseListener): void {
    if (chunk.length === 0) return;
    let newline = chunk.indexOf(LINE_FEED);
    if (newline === -1) {
      this.partialLine.push(chunk);
      return;
    }
    let text = chunk;
    let start = 0;
    if (this.partialLine.length > 0) {
      const carried = this.partialLine.join('');
      this.partialLine = [];
      text = carried + chunk;
      newline += carried.length;
    }
    while (newline !== -1) {
      let end = newline;
      if (end > start && text.charCodeAt(end - 1) === CARRIAGE_RETURN) end--;
      this.line(text, start, end, listener);
      start = newline + 1;
      newline = text.indexOf(LINE_FEED, start);
    }
    if (start < text.length) this.partialLine.push(text.slice(start));
  }

  private line(text: string, start: number, end: number, listener: SseListener): void {
    if (start === end) {
      this.dispatch(listener);
      return;
    }
    if (text.startsWith('data:', start)) {
      const valueStart = text.charCodeAt(start + 5) === 32 ? start + 6 : start + 5;
      const value = text.slice(valueStart, end);
      this.data = this.data === null ? value : `${this.data}\n${value}`;
      return;
    }
    if (text.charCodeAt(start) === 58 /* ':' comment, e.g. keep-alive pings */) return;
    const colon = text.indexOf(':', start);
    const fieldEnd = colon === -1 || colon > end ? end : colon;
    const field = text.slice(start, fieldEnd);
    let valueStart = fieldEnd + 1;
    if (text.charCodeAt(valueStart) === 32) valueStart++;
    const value = valueStart <= end ? text.slice(valueStart, end) : '';
    if (field === 'event') this.event = value;
    else if (field === 'error') {
      this.event = 'error';
      this.data = value;
    }
  }

  private dispatch(listener: SseListener): void {
    if (this.data === null) {
      this.event = null;
      return;
    }
    const event: SseEvent = { event: this.event, data: this.data };
    this.data = null;
    this.event = null;
    listener(event);
  }
}
