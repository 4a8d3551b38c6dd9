// Repeated text while the model writes: the same chunk of characters over and over within
// one reply (a model "chanting" a sentence or a line of code). Fed with the reply's text as it
// streams, so it can speak before the turn ends. Every `chunk`-character window is hashed with
// a rolling hash (constant work per character); a window seen `warnAt` times, its repeats on
// average at most `maxGap` characters apart, is a loop. Structured text legitimately repeats
// (code fences, tables, lists, headings): tracking starts over at such lines, as Gemini CLI's
// detector does.
import type { WatchConfig } from '../config';
import type { SignalHit } from './signal';

interface Seen {
  count: number;
  lastEnd: number;
  gaps: number;
}

const TRACKED = 4096;
const BASE = 257;
const MOD = 1_000_000_007;
/** Lines that start structured text, where repetition is the format, not a loop. */
const STRUCTURE = /^\s*(```|~~~|\||#{1,6}\s|[-*+]\s|\d+[.)]\s)/;

export class RepeatedTextSignal {
  /** Chunk hash → occurrences; forgotten wholesale when full (a reply that long with nothing
   * repeated has moved on). */
  private readonly seen = new Map<number, Seen>();
  /** The last `chunk` characters, a ring. */
  private readonly window: Int32Array;
  private filled = 0;
  private hash = 0;
  private readonly power: number;
  private position = 0;
  private line = '';
  private episodes = 0;
  private reported: { step: number; severity: SignalHit['severity'] } | null = null;
  private step = 0;

  constructor(private readonly config: WatchConfig) {
    this.window = new Int32Array(Math.max(1, config.repeatedText.chunk));
    let power = 1;
    for (let i = 1; i < config.repeatedText.chunk; i++) power = (power * BASE) % MOD;
    this.power = power;
  }

  /** More text of the reply at this step; returns a hit when the text starts looping or its
   * loop grows worse (twice the warning count is stuck). */
  feed(step: number, text: string): SignalHit | null {
    const { chunk, warnAt, maxGap } = this.config.repeatedText;
    if (warnAt <= 0 || chunk <= 0) return null;
    if (step !== this.step) this.reset(step);
    let hit: SignalHit | null = null;
    for (const char of text) {
      if (char === '\n') {
        if (STRUCTURE.test(this.line)) this.restart();
        this.line = '';
      } else if (this.line.length < 16) {
        this.line += char;
      }
      const code = char.codePointAt(0) ?? 0;
      const slot = this.position % chunk;
      if (this.filled === chunk) {
        const out = this.window[slot] ?? 0;
        this.hash = (this.hash - ((out * this.power) % MOD) + MOD) % MOD;
      } else {
        this.filled++;
      }
      this.window[slot] = code;
      this.hash = (this.hash * BASE + code) % MOD;
      this.position++;
      if (this.filled < chunk) continue;
      const seen = this.seen.get(this.hash);
      if (!seen) {
        if (this.seen.size >= TRACKED) this.seen.clear();
        this.seen.set(this.hash, { count: 1, lastEnd: this.position, gaps: 0 });
        continue;
      }
      // Overlapping windows of one run of a repeated character are one occurrence.
      if (this.position - seen.lastEnd < chunk) continue;
      seen.gaps += this.position - seen.lastEnd;
      seen.lastEnd = this.position;
      seen.count++;
      if (seen.count < warnAt || seen.gaps / (seen.count - 1) > maxGap) continue;
      const severity = seen.count >= warnAt * 2 ? 'stuck' : 'warning';
      if (this.reported && (this.reported.severity === severity || this.reported.severity === 'stuck')) continue;
      if (!this.reported) this.episodes++;
      this.reported = { step, severity };
      const sample = this.sample(chunk);
      hit = {
        kind: 'repeated-text', episode: this.episodes, count: seen.count, severity, fromStep: step, toStep: step, steps: [step],
        summary: `the reply at step ${step} repeats the same text ${seen.count} times ("${sample}")`,
        nudge: `Your last reply kept repeating the same text ("${sample}"). Stop, and say in one or two sentences what you will do next; then do it with a tool call.`,
      };
    }
    return hit;
  }

  /** The current chunk, oldest character first. */
  private sample(chunk: number): string {
    const codes: number[] = [];
    for (let i = 0; i < chunk; i++) codes.push(this.window[(this.position + i) % chunk] ?? 32);
    return String.fromCodePoint(...codes).trim();
  }

  private reset(step: number): void {
    this.step = step;
    this.reported = null;
    this.line = '';
    this.restart();
  }

  private restart(): void {
    this.seen.clear();
    this.filled = 0;
    this.hash = 0;
  }
}
