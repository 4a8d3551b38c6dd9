// The one way messages reach the webview. Until the page says `ready` they are queued
// (a run started from the command palette streams before the view has loaded); on ready
// the `init` message goes first, then the queue, in order. When the page is shown a chat again
// (chat-transcript: rebuilt from the runs' memory at that moment), the queued messages of runs
// are already in it and are dropped; the others (questions, lists) still go.
import type * as vscode from 'vscode';
import type { HostMessage } from '../../src/protocol';
import type { Log } from '../../src/host/ports';

/** Beyond this the oldest queued messages are dropped: a view that is never opened must
 * not hold a whole run in memory. Text deltas are merged before they get here. */
const MAX_QUEUED = 5000;

/** Messages of a run's stream: a transcript of the run holds what they say. (Open approval
 * questions are asked again after it: ViewApprovals.repost.) */
const RUN_STREAM: ReadonlySet<HostMessage['type']> = new Set<HostMessage['type']>([
  'run-started', 'run-info', 'chat-context', 'context-usage', 'model-waiting', 'text-delta', 'tool-call', 'tool-approval', 'tool-output',
  'tool-result', 'edit', 'user-message', 'error', 'run-finished', 'loop-warning', 'recovery', 'approval-request', 'approval-closed',
  // An older chat shown while no page listened: the newer one replaces it.
  'chat-transcript',
]);

export class WebviewChannel {
  private webview: vscode.Webview | undefined;
  private ready = false;
  private queue: HostMessage[] = [];
  private warnedOverflow = false;
  /** A run that started while no page listened (the page has not seen it). */
  private unseen: string | null = null;

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

  /** The latest run that started while no page listened, if any. */
  get unseenRun(): string | null {
    return this.unseen;
  }

  /** The page is listening: `init` first (it carries the current state), then the chat to show
   * (built now, so it holds exactly what the dropped queued run messages held), then the queue. */
  open(init: HostMessage, transcript?: () => HostMessage): void {
    this.ready = true;
    this.unseen = null;
    const replay = transcript?.();
    const queued = replay ? this.queue.filter((message) => !RUN_STREAM.has(message.type)) : this.queue;
    this.queue = [];
    this.deliver(init);
    if (replay) this.deliver(replay);
    for (const message of queued) this.deliver(message);
  }

  post(message: HostMessage): void {
    if (this.ready && this.webview) {
      this.deliver(message);
      return;
    }
    // `init` will carry the state as it is then; an older queued state would overwrite it.
    if (message.type === 'state') return;
    if (message.type === 'run-started') this.unseen = message.runId;
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
