// The "Crux" webview view in the activity bar. It loads the page, validates every message
// the page sends and hands it to its handler; it is also where inline approvals are shown.
import * as vscode from 'vscode';
import type { Log } from '../../src/host/ports';
import { parseWebviewMessage, type HostMessage } from '../../src/protocol';
import { DisposableStore } from '../disposable-store';
import type { HandlerContext } from '../handlers/context';
import { dispatch } from '../handlers/index';
import type { ApprovalSurface } from '../ports/view-approvals';
import type { WebviewChannel } from './webview-channel';
import { webviewHtml, webviewOptions } from './webview-html';

export const AGENT_VIEW_ID = 'crux.agentView';

export class AgentViewProvider implements vscode.WebviewViewProvider, ApprovalSurface, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  /** Listeners of the current view; replaced when VS Code resolves the view again. */
  private viewStore: DisposableStore | undefined;
  private badge: vscode.ViewBadge | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly channel: WebviewChannel,
    private readonly handlerContext: () => HandlerContext,
    private readonly log: Log,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.viewStore?.dispose();
    const store = new DisposableStore();
    this.viewStore = store;
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    this.channel.attach(view.webview);
    store.add(view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    store.add(view.onDidDispose(() => {
      this.channel.detach(view.webview);
      if (this.view === view) this.view = undefined;
      store.dispose();
    }));
    view.webview.html = webviewHtml(view.webview, this.extensionUri);
    view.badge = this.badge;
  }

  canAskInline(): boolean {
    return this.view?.visible === true && this.channel.isReady;
  }

  post(message: HostMessage): void {
    this.channel.post(message);
  }

  /** Shows the view (opening the side bar if needed); with `focus`, moves the keyboard there. */
  async reveal(focus = false): Promise<void> {
    if (this.view && !focus) this.view.show(true);
    else await vscode.commands.executeCommand(`${AGENT_VIEW_ID}.focus`);
  }

  isVisible(): boolean {
    return this.view?.visible === true;
  }

  /** The count on the view's icon (open approval questions); 0 removes it. */
  setBadge(count: number, tooltip: string): void {
    // A zero badge, not `undefined`: code-server 4.100 kept the old number on the icon when the
    // badge was set to undefined (seen in the real-VS-Code test); VS Code hides a 0 badge.
    this.badge = { value: count, tooltip };
    if (this.view) this.view.badge = this.badge;
  }

  dispose(): void {
    this.viewStore?.dispose();
    this.viewStore = undefined;
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.warn(`webview: ignored a malformed message (${parsed.error})`);
      return;
    }
    void dispatch(parsed.message, this.handlerContext());
  }
}
