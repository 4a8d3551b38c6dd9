// Keeps text-format tool calls (`<tool_call>…</tool_call>`, `<function=…>…</function>`, fenced
// JSON) out of the live content deltas. Text between an opening and a closing marker is held
// until the span closes, then either reported as calls or, when it turns out not to be a call
// (an ordinary code block, say), released as content. Display only: the turn's final content and
// calls come from parsing the whole text once (see TurnAccumulator.finish).
import { earliestMarker, heldSuffixLength } from './markers';

export interface CallSpan {
  open: string;
  close: string;
}

export interface CallSpanSink {
  content(text: string): void;
  /** Returns true when the span held tool calls (and reported them), false to release it as text. */
  span(text: string): boolean;
}

export class CallSpanFilter {
  private readonly openMarkers: string[];
  private inside: CallSpan | undefined;
  private spanParts: string[] = [];
  /** Last characters of the open span, so a closing marker split across chunks is found. */
  private closeTail = '';
  private held = '';

  constructor(
    private readonly spans: readonly CallSpan[],
    private readonly sink: CallSpanSink,
  ) {
    this.openMarkers = spans.map((span) => span.open);
  }

  push(chunk: string): void {
    let text = this.held === '' ? chunk : this.held + chunk;
    this.held = '';
    while (text.length > 0) {
      if (this.inside) {
        text = this.continueSpan(this.inside, text);
        continue;
      }
      const hit = earliestMarker(text, this.spans, (span) => span.open);
      if (!hit) {
        const keep = heldSuffixLength(text, this.openMarkers);
        if (keep > 0) this.held = text.slice(text.length - keep);
        const visible = keep > 0 ? text.slice(0, text.length - keep) : text;
        if (visible !== '') this.sink.content(visible);
        return;
      }
      if (hit.index > 0) this.sink.content(text.slice(0, hit.index));
      this.inside = hit.item;
      this.spanParts = [hit.item.open];
      this.closeTail = '';
      text = text.slice(hit.index + hit.item.open.length);
    }
  }

  /** Flushes what is held; an unclosed span is judged as it stands (models often omit the close). */
  end(): void {
    if (this.inside) this.closeSpan();
    if (this.held !== '') this.sink.content(this.held);
    this.held = '';
  }

  /** Consumes span text up to and including the closing marker; returns the rest. */
  private continueSpan(span: CallSpan, text: string): string {
    const probe = this.closeTail + text;
    const at = probe.indexOf(span.close);
    if (at === -1) {
      this.spanParts.push(text);
      this.closeTail = probe.slice(Math.max(0, probe.length - (span.close.length - 1)));
      return '';
    }
    const endInText = at + span.close.length - this.closeTail.length;
    this.spanParts.push(text.slice(0, endInText));
    this.closeSpan();
    return text.slice(endInText);
  }

  private closeSpan(): void {
    const spanText = this.spanParts.join('');
    this.inside = undefined;
    this.spanParts = [];
    this.closeTail = '';
    if (!this.sink.span(spanText)) this.sink.content(spanText);
  }
}
