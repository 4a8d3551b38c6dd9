// The link between one panel's webview and its handlers. Every message from the page is
// validated before a handler sees it (the page is untrusted input). Nothing is posted before
// the page says `panel-ready`: each panel keeps its state and sends it whole from its ready
// handler, so a page that loads late, or reloads, always gets the current state and never a
// queue of stale updates.
import type * as vscode from 'vscode';
import type { Log } from '../../src/host/ports';
import { PROTOCOL_VERSION, type PanelPage, type ParseResult } from '../../src/protocol';
import { DisposableStore } from '../disposable-store';
import { errorMessage } from '../output-log';

interface Typed { type: string }

/** One handler per message type of the page; a message type without one does not compile. */
export type PanelHandlers<In extends Typed, Ctx> = {
  readonly [K in In['type']]: (message: Extract<In, { type: K }>, ctx: Ctx) => void | Promise<void>;
};

export interface PanelConnectionOptions<In extends Typed, Ctx> {
  page: PanelPage;
  webview: vscode.Webview;
  parse: (value: unknown) => ParseResult<In>;
  handlers: PanelHandlers<In, Ctx>;
  context: () => Ctx;
  log: Log;
}

export class PanelConnection<In extends Typed, Out extends Typed, Ctx> implements vscode.Disposable {
  private ready = false;
  private readonly store = new DisposableStore();

  constructor(private readonly options: PanelConnectionOptions<In, Ctx>) {
    this.store.add(options.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)));
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Posts when the page listens; before that the message is dropped (see above). */
  post(message: Out | { type: 'panel-error'; message: string }): void {
    if (!this.ready) return;
    this.options.webview.postMessage(message).then(
      (delivered) => {
        if (!delivered) this.options.log.debug(`${this.options.page} panel: "${message.type}" not delivered`);
      },
      (error: unknown) => this.options.log.warn(`${this.options.page} panel: posting "${message.type}" failed: ${errorMessage(error)}`),
    );
  }

  dispose(): void {
    this.ready = false;
    this.store.dispose();
  }

  private async receive(raw: unknown): Promise<void> {
    const { page, parse, handlers, context, log } = this.options;
    const parsed = parse(raw);
    if (!parsed.ok) {
      log.warn(`${page} panel: ignored a malformed message (${parsed.error})`);
      return;
    }
    const message = parsed.message;
    if (isReady(message)) {
      if (message.protocolVersion !== PROTOCOL_VERSION) {
        log.warn(`${page} panel speaks protocol ${message.protocolVersion}, the extension ${PROTOCOL_VERSION}: reload the window`);
      }
      this.ready = true;
    }
    // The table's type pairs each handler with its own message type.
    const handler = handlers[message.type as In['type']] as (message: In, ctx: Ctx) => void | Promise<void>;
    try {
      await handler(message, context());
    } catch (error) {
      log.error(`${page} panel: handling "${message.type}" failed: ${errorMessage(error)}`);
      this.post({ type: 'panel-error', message: `Crux could not handle "${message.type}": ${errorMessage(error)}` });
    }
  }
}

function isReady(message: Typed): message is { type: 'panel-ready'; protocolVersion: number } {
  return message.type === 'panel-ready';
}
