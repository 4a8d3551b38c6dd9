// "Crux: Run History": the workspace's recorded runs, newest first, in an editor panel. It
// lists the store's index (cheap even for thousands of runs) and lists again when a run file
// appears, changes or goes, so runs recorded while it is open show up by themselves.
import * as vscode from 'vscode';
import type { Log } from '../../../src/host/ports';
import { parseHistoryPageMessage, type HistoryHostMessage, type HistoryPageMessage, type HistoryRun } from '../../../src/protocol';
import type { RunSummary } from '../../../src/trajectory/run-summary';
import { DisposableStore } from '../../disposable-store';
import { PanelConnection, type PanelHandlers } from '../panel-connection';
import { panelHtml, panelOptions } from '../panel-html';
import type { RunStoreAccess } from '../run-store';
import { historyRunOf } from './history-model';

const PANEL_TYPE = 'crux.runHistory';
/** File events come in bursts (a run appends its file and the index); list once per burst. */
const REFRESH_DELAY_MS = 300;

export interface HistoryDeps {
  extensionUri: vscode.Uri;
  runs: RunStoreAccess;
  log: Log;
  openRun(file: vscode.Uri): Promise<void>;
  /** The tree of the task, built from these run files. */
  openTaskTree(taskId: string, files: string[]): Promise<void>;
  /** Conversations: whether a run is going in this window, and Resume of an interrupted one. */
  chats?: { isRunning(runId: string): boolean; resume(runId: string): Promise<void>; open(runId: string): Promise<void> };
}

interface HistoryContext {
  history: HistoryPanel;
}

const handlers: PanelHandlers<HistoryPageMessage, HistoryContext> = {
  'panel-ready': (_message, ctx) => ctx.history.refresh(),
  'history-refresh': (_message, ctx) => ctx.history.refresh(),
  'history-open-run': (message, ctx) => ctx.history.openRun(message.runId),
  'history-delete-run': (message, ctx) => ctx.history.deleteRun(message.runId),
  'history-open-tree': (message, ctx) => ctx.history.openTree(message.runId),
  'history-resume-run': (message, ctx) => ctx.history.resumeRun(message.runId),
  'history-open-chat': (message, ctx) => ctx.history.openChat(message.runId),
};

export class HistoryPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelStore: DisposableStore | undefined;
  private connection: PanelConnection<HistoryPageMessage, HistoryHostMessage, HistoryContext> | undefined;
  private summaries: RunSummary[] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: HistoryDeps) {}

  /** Opens the panel, or reveals it, and lists the runs. */
  async show(): Promise<void> {
    if (this.panel) {
      this.panel.reveal();
      await this.refresh();
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_TYPE, 'Crux: Run History', vscode.ViewColumn.Active, {
      retainContextWhenHidden: true, enableFindWidget: true,
    });
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'crux.svg');
    panel.webview.options = panelOptions(this.deps.extensionUri);
    const store = new DisposableStore();
    const context: HistoryContext = { history: this };
    this.connection = store.add(new PanelConnection<HistoryPageMessage, HistoryHostMessage, HistoryContext>({
      page: 'history', webview: panel.webview, parse: parseHistoryPageMessage, handlers, context: () => context, log: this.deps.log,
    }));
    this.watchStore(store);
    store.add(panel.onDidDispose(() => {
      this.panel = undefined;
      this.connection = undefined;
      this.panelStore = undefined;
      if (this.refreshTimer) clearTimeout(this.refreshTimer);
      store.dispose();
    }));
    this.panel = panel;
    this.panelStore = store;
    panel.webview.html = panelHtml(panel.webview, this.deps.extensionUri, 'history', 'Crux: Run History');
    // Listed now as well as when the page is ready, so the command can answer with the rows.
    await this.refresh();
  }

  /** The rows as last listed (the tests read them). */
  get rows(): HistoryRun[] {
    const continued = new Set(this.summaries.flatMap((summary) => (summary.parent ? [summary.parent.runId] : [])));
    const carriedOn = (runId: string) => continued.has(runId) || (this.deps.chats?.isRunning(runId) ?? false);
    return this.summaries.map((summary) => historyRunOf(summary, carriedOn));
  }

  async refresh(): Promise<void> {
    const store = this.deps.runs.open();
    if (!store) {
      this.summaries = [];
      this.connection?.post({ type: 'panel-error', message: 'Open a folder to see its run history: Crux keeps runs per workspace.' });
      return;
    }
    this.summaries = await store.list();
    this.connection?.post({ type: 'history-runs', storeDir: store.dir, runs: this.rows });
  }

  async openRun(runId: string): Promise<void> {
    const store = this.deps.runs.require();
    await this.deps.openRun(vscode.Uri.file(store.pathOf(runId)));
  }

  /** Deletes a run the user confirmed deleting (the page asks: VS Code's modal dialogs are
   * refused under its test driver, and an inline question keeps the keyboard in the list). */
  async deleteRun(runId: string): Promise<void> {
    const store = this.deps.runs.require();
    await store.delete(runId);
    this.deps.log.info(`history: deleted run ${runId}`);
    await this.refresh();
  }

  /** Continues an interrupted run in the agent view (which shows its chat first). */
  async resumeRun(runId: string): Promise<void> {
    if (!this.deps.chats) throw new Error('Resuming runs needs the agent view.');
    await this.deps.chats.resume(runId);
    await this.refresh();
  }

  /** Shows a run as a chat in the agent view (any recorded run, not only a chat's latest). */
  async openChat(runId: string): Promise<void> {
    if (!this.deps.chats) throw new Error('Opening runs as chats needs the agent view.');
    await this.deps.chats.open(runId);
  }

  async openTree(runId: string): Promise<void> {
    const store = this.deps.runs.require();
    const summary = this.summaries.find((run) => run.runId === runId) ?? (await store.find(runId));
    const files = (await store.list()).filter((run) => run.taskId === summary.taskId).map((run) => store.pathOf(run.runId));
    await this.deps.openTaskTree(summary.taskId, files);
  }

  dispose(): void {
    this.panel?.dispose();
    this.panelStore?.dispose();
  }

  private watchStore(store: DisposableStore): void {
    const uri = this.deps.runs.uri;
    if (!uri) return;
    const watcher = store.add(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(uri, '*.jsonl')));
    const later = () => {
      if (this.refreshTimer) clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => {
        this.refreshTimer = undefined;
        this.refresh().catch((error: unknown) => this.deps.log.warn(`history: listing runs failed: ${String(error)}`));
      }, REFRESH_DELAY_MS);
    };
    store.add(watcher.onDidCreate(later));
    store.add(watcher.onDidChange(later));
    store.add(watcher.onDidDelete(later));
  }
}
