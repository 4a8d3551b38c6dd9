// The one way messages reach the webview. Until the page says `ready` they are queued
// (a run started from the command palette streams before the view has loaded); on ready
// the `init` message goes first, then the queue, in order.
import type * as vscode from 'vscode';
import type { HostMessage } from '../../src/protocol';
import type { Log } from '../../src/host/ports';

/** Beyond this the oldest queued messages are dropped: a view that is never opened must
 * not hold a whole run in memory. Text deltas are merged before they get here. */
const MAX_QUEUED = 5000;

export class WebviewChannel {
  private webview: vscode.Webview | undefined;
  private ready = false;
  private queue: HostMessage[] = [];
  private warnedOverflow = false;

  constructor(private readonly log: Log) {}

  get isReady(): boolean {
    return this.ready;
  }

  /** A new page was loaded into the view; it is not listening until it says ready. */
  attach(webview: vscode.Webview): void {
    this.webview = webview;
    this.ready = false;
  }

  detach(webview: vscode.Webview): void {
    if (this.webview !== webview) return;
    this.webview = undefined;
    this.ready = false;
  }

  /** The page is listening: `init` first (it carries the current state), then the queue. */
  open(init: HostMessage): void {
    this.ready = true;
    const queued = this.queue;
    this.queue = [];
    this.deliver(init);
    for (const message of queued) this.deliver(message);
  }

  post(message: HostMessage): void {
    if (this.ready && this.webview) {
      this.deliver(message);
      return;
    }
    // `init` will carry the state as it is then; an older queued state would overwrite it.
    if (message.type === 'state') return;
    this.queue.push(message);
    if (this.queue.length > MAX_QUEUED) {
      this.queue.shift();
      if (!this.warnedOverflow) this.log.warn('webview: the Crux view is closed; dropping the oldest queued run output');
      this.warnedOverflow = true;
    }
  }

  private deliver(message: HostMessage): void {
    const webview = this.webview;
    if (!webview) {
      this.queue.push(message);
      return;
    }
    webview.postMessage(message).then(
      (delivered) => {
        if (!delivered) this.log.debug(`webview: "${message.type}" not delivered (view hidden or disposed)`);
      },
      (error: unknown) => this.log.warn(`webview: posting "${message.type}" failed: ${String(error)}`),
    );
  }
}
