// Progress of a rollout: on a terminal one status line redrawn in place, otherwise one plain
// line per finished run (so CI logs and `| tee` stay readable).
import type { Clock } from '../host/ports';

export interface RunReport {
  name: string;
  /** 'resolved' | 'unresolved' | 'failed' (the run crashed, hung or errored). */
  result: 'resolved' | 'unresolved' | 'failed';
  steps: number;
  completionTokens: number;
  detail: string;
}

export interface ProgressSink {
  isTTY?: boolean;
  write(text: string): unknown;
}

const REDRAW_MS = 250;

export class RolloutProgress {
  private done = 0;
  private running = 0;
  private failed = 0;
  private resolved = 0;
  private completionTokens = 0;
  private lastDraw = 0;
  private readonly startedAt: number;

  constructor(
    private readonly sink: ProgressSink,
    private readonly clock: Clock,
    private readonly total: number,
    private readonly skipped: number,
  ) {
    this.startedAt = clock.now();
  }

  runStarted(): void {
    this.running++;
    this.draw(false);
  }

  runFinished(report: RunReport): void {
    this.running--;
    this.done++;
    if (report.result === 'failed') this.failed++;
    if (report.result === 'resolved') this.resolved++;
    this.completionTokens += report.completionTokens;
    if (this.sink.isTTY) {
      this.draw(true);
    } else {
      this.sink.write(`[${this.done}/${this.total}] ${report.name}: ${report.result} in ${report.steps} steps${report.detail ? ` (${report.detail})` : ''}\n`);
    }
  }

  /** A run stopped by Ctrl-C: not done, it runs again on resume. */
  runInterrupted(): void {
    this.running--;
    this.draw(true);
  }

  /** Ends the live line, leaving the final counts on screen. */
  close(): void {
    if (this.sink.isTTY) {
      this.draw(true);
      this.sink.write('\n');
    }
  }

  statusLine(): string {
    const seconds = Math.max(0.001, (this.clock.now() - this.startedAt) / 1000);
    const rate = this.done > 0 ? `${Math.round((100 * this.resolved) / this.done)}%` : '-';
    const skipped = this.skipped > 0 ? `, ${this.skipped} already done` : '';
    return `${this.done}/${this.total} done, ${this.running} running, ${this.failed} failed${skipped}; ` +
      `resolved ${rate}; ${Math.round(this.completionTokens / seconds)} tok/s`;
  }

  private draw(force: boolean): void {
    if (!this.sink.isTTY) return;
    const now = this.clock.now();
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.sink.write(`\r\x1b[2K${this.statusLine()}`);
  }
}
