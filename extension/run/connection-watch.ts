// Keeps the connection line true without the user asking: a quiet re-check now and then
// (every 30 s while connected; after 5, 10, 20, 40, 60 s... while no server answers, so a
// server that comes back is seen soon and a dead one is not hammered), and at once when the
// window or the Crux view regains focus. No checks while a run goes: the run's own requests
// tell whether the server answers.
import * as vscode from 'vscode';
import type { ConnectionState } from '../../src/protocol';

const CONNECTED_EVERY_MS = 30_000;
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 60_000;
/** A focus change right after a check does not check again. */
const MIN_GAP_MS = 3_000;

export interface ConnectionWatchTarget {
  readonly running: boolean;
  checkConnection(quiet: boolean): Promise<ConnectionState>;
}

export class ConnectionWatch implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private retryMs = RETRY_FIRST_MS;
  private lastCheck = 0;
  private disposed = false;
  private readonly focusListener: vscode.Disposable;

  constructor(private readonly target: ConnectionWatchTarget) {
    this.focusListener = vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) this.checkSoon();
    });
  }

  /** The last check's answer (any check: the user's, a run's, this watch's) sets the next. */
  observed(state: ConnectionState): void {
    if (state.status === 'checking') return;
    this.lastCheck = Date.now();
    if (state.status === 'connected') this.retryMs = RETRY_FIRST_MS;
    this.schedule(state.status === 'connected' ? CONNECTED_EVERY_MS : this.nextRetry());
  }

  /** The window or the view got focus: check, unless one just happened. */
  checkSoon(): void {
    if (Date.now() - this.lastCheck < MIN_GAP_MS) return;
    void this.check();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.focusListener.dispose();
  }

  private nextRetry(): number {
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    return wait;
  }

  private schedule(ms: number): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), ms);
  }

  private async check(): Promise<void> {
    if (this.disposed) return;
    this.lastCheck = Date.now();
    if (this.target.running) {
      this.schedule(CONNECTED_EVERY_MS);
      return;
    }
    // observed() schedules the next one from the answer.
    await this.target.checkConnection(true).catch(() => undefined);
  }
}
