// Separates `<think>…</think>` reasoning from the answer in streamed content, for servers that
// do not split it out themselves (no reasoning parser). Handles tags split across chunks and the
// case where the chat template already opened the block in the prompt, so the reply holds only
// the closing tag: everything before that orphan `</think>` is reasoning.
import { heldSuffixLength } from './markers';

const OPEN = '<think>';
const CLOSE = '</think>';
const MARKERS = [OPEN, CLOSE] as const;

export interface ThinkSink {
  content(text: string): void;
  reasoning(text: string): void;
}

export interface ThinkSplit {
  content: string;
  reasoning: string;
  /** true: the reply closed a think block it never opened (the template opened it);
   * false: evidence to the contrary; undefined: no evidence either way. */
  openTagMissing: boolean | undefined;
}

export class ThinkSplitter {
  private mode: 'content' | 'reasoning';
  private held = '';
  private sawOpen = false;
  private sawClose = false;
  private orphanClose = false;
  private contentParts: string[] = [];
  private reasoningParts: string[] = [];

  /** @param assumeOpen start inside a think block, because earlier turns of this model showed
   * that its template opens one; only affects live deltas, result() re-decides. */
  constructor(
    private readonly sink: ThinkSink,
    private readonly assumeOpen = false,
  ) {
    this.mode = assumeOpen ? 'reasoning' : 'content';
  }

  push(chunk: string): void {
    let text = this.held === '' ? chunk : this.held + chunk;
    this.held = '';
    while (text.length > 0) {
      const open = text.indexOf(OPEN);
      const close = text.indexOf(CLOSE);
      if (open === -1 && close === -1) {
        const keep = heldSuffixLength(text, MARKERS);
        if (keep > 0) {
          this.held = text.slice(text.length - keep);
          text = text.slice(0, text.length - keep);
        }
        this.emit(text);
        return;
      }
      if (close !== -1 && (open === -1 || close < open)) {
        this.closeBlock(text.slice(0, close));
        text = text.slice(close + CLOSE.length);
      } else {
        // An opening tag while already reasoning (assumed open, or repeated) changes nothing.
        this.emit(text.slice(0, open));
        this.mode = 'reasoning';
        this.sawOpen = true;
        text = text.slice(open + OPEN.length);
      }
    }
  }

  /** Flushes held characters; call once when the stream ends. */
  end(): void {
    if (this.held !== '') this.emit(this.held);
    this.held = '';
  }

  result(): ThinkSplit {
    let content = this.contentParts;
    let reasoning = this.reasoningParts;
    // Assumed a block was open but the reply never closed one: it was all answer after all.
    if (this.assumeOpen && !this.sawOpen && !this.sawClose) {
      content = [...reasoning, ...content];
      reasoning = [];
    }
    let openTagMissing: boolean | undefined;
    if (this.orphanClose || (this.assumeOpen && this.sawClose && !this.sawOpen)) openTagMissing = true;
    else if (this.sawOpen || content.some((part) => part.trim() !== '')) openTagMissing = false;
    return { content: content.join(''), reasoning: reasoning.join(''), openTagMissing };
  }

  private closeBlock(before: string): void {
    if (this.mode === 'content' && !this.sawOpen && !this.sawClose) {
      // The template opened the block: what looked like answer so far was reasoning.
      this.orphanClose = true;
      this.reasoningParts.push(...this.contentParts);
      this.contentParts = [];
      this.mode = 'reasoning';
    }
    // A stray closing tag after a finished block is dropped; the text before it stays answer.
    this.emit(before);
    this.mode = 'content';
    this.sawClose = true;
  }

  private emit(text: string): void {
    if (text === '') return;
    if (this.mode === 'reasoning') {
      this.reasoningParts.push(text);
      this.sink.reasoning(text);
    } else {
      this.contentParts.push(text);
      this.sink.content(text);
    }
  }
}
