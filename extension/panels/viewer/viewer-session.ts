// One trajectory file shown in one webview (a custom editor tab, or a plain panel for files
// the custom editor does not claim). The file is read with the run loader, so Crux's own
// trajectories and every imported format open alike; reading starts at once, while the page
// loads, and the chosen run is sent when the page says it is ready.
import * as vscode from 'vscode';
import type { Log } from '../../../src/host/ports';
import {
  isViewerRun, parseViewerPageMessage, type ViewerHostMessage, type ViewerPageMessage, type ViewerRunChoice,
} from '../../../src/protocol';
import { loadRuns, type LoadedRun } from '../../../src/trajectory/import';
import { DisposableStore } from '../../disposable-store';
import { errorMessage } from '../../output-log';
import { PanelConnection, type PanelHandlers } from '../panel-connection';
import { panelHtml, panelOptions } from '../panel-html';
import { taskTabTitle } from '../tab-title';
import { viewerRunOf } from './viewer-model';

/** Actions in the first message (a screenful and more), then per following message. */
export const FIRST_ACTIONS = 40;
export const ACTIONS_PER_MESSAGE = 250;

export interface RevealOptions {
  /** The run's position in its file (files of imports may hold several). */
  runIndex?: number;
  /** The step to scroll to. */
  step?: number;
  /** Opened as a run (from the history or the tree), not as a file: a panel whose tab is titled
   * with the task, where a custom editor's tab would show the file name (a run id). */
  asRun?: boolean;
}

interface Loaded {
  runs: LoadedRun[];
  errors: string[];
}

export interface ViewerContext {
  session: ViewerSession;
}

const handlers: PanelHandlers<ViewerPageMessage, ViewerContext> = {
  'panel-ready': async (_message, ctx) => ctx.session.showCurrent(),
  'viewer-select-run': async (message, ctx) => ctx.session.select(message.index),
  'viewer-open-text': async (_message, ctx) => ctx.session.openAsText(),
};

export class ViewerSession implements vscode.Disposable {
  private readonly store = new DisposableStore();
  private readonly connection: PanelConnection<ViewerPageMessage, ViewerHostMessage, ViewerContext>;
  private readonly loaded: Promise<Loaded>;
  private selected: number | undefined;
  private pendingStep: number | null;
  /** Counts selections, so batches of a run no longer shown are not sent. */
  private generation = 0;
  /** The tab it lives in, set by whoever created it. */
  panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly webview: vscode.Webview,
    readonly uri: vscode.Uri,
    options: RevealOptions,
    extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {
    this.selected = options.runIndex;
    this.pendingStep = options.step ?? null;
    this.loaded = this.load();
    webview.options = panelOptions(extensionUri);
    const context: ViewerContext = { session: this };
    this.connection = this.store.add(new PanelConnection<ViewerPageMessage, ViewerHostMessage, ViewerContext>({
      page: 'viewer', webview, parse: parseViewerPageMessage, handlers, context: () => context, log,
    }));
    webview.html = panelHtml(webview, extensionUri, 'viewer', `Crux trajectory: ${uri.path.split('/').pop() ?? ''}`);
  }

  /** Shows another run of the file, or scrolls to a step of the one shown. */
  async reveal(options: RevealOptions): Promise<void> {
    if (options.runIndex !== undefined && options.runIndex !== this.selected) {
      this.pendingStep = options.step ?? null;
      await this.select(options.runIndex);
    } else if (options.step !== undefined) {
      if (this.connection.isReady) this.connection.post({ type: 'viewer-reveal', step: options.step });
      else this.pendingStep = options.step;
    }
  }

  async showCurrent(): Promise<void> {
    await this.select(this.selected);
  }

  async select(index: number | undefined): Promise<void> {
    if (!this.connection.isReady) {
      // Shown (with the step still pending) when the page says it is ready.
      this.selected = index;
      return;
    }
    const { runs, errors } = await this.loaded;
    const file = this.uri.fsPath;
    const run = runs.find((candidate) => candidate.index === index) ?? runs[0];
    if (!run) {
      const reason = errors.length > 0 ? errors.join('\n') : 'The file holds no run Crux can read (a Crux trajectory, or a run of SWE-agent, mini-swe-agent or OpenHands).';
      this.connection.post({ type: 'viewer-empty', file, reason });
      return;
    }
    this.selected = run.index;
    // The tab says which task this is (a file name or a run id says nothing to a person).
    if (this.panel) this.panel.title = taskTabTitle('', run.trajectory.header.task.text, this.panel.title);
    const view = viewerRunOf(run.trajectory, run.format);
    if (!isViewerRun(view)) throw new Error(`the run ${run.trajectory.header.runId} holds fields of unexpected types`);
    const revealStep = this.pendingStep;
    this.pendingStep = null;
    const generation = ++this.generation;
    this.connection.post({
      type: 'viewer-show', file, runs: runs.map(choiceOf), selected: run.index, run: { ...view, actions: view.actions.slice(0, FIRST_ACTIONS) },
      totalActions: view.actions.length, revealStep, loadErrors: errors,
    });
    // The rest in batches, each after the previous task, so the page paints the first rows
    // before it takes the others; a newer selection stops an older one's batches.
    for (let start = FIRST_ACTIONS; start < view.actions.length; start += ACTIONS_PER_MESSAGE) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (generation !== this.generation) return;
      this.connection.post({ type: 'viewer-actions', runId: view.header.runId, start, actions: view.actions.slice(start, start + ACTIONS_PER_MESSAGE) });
    }
  }

  async openAsText(): Promise<void> {
    await vscode.commands.executeCommand('vscode.openWith', this.uri, 'default');
  }

  dispose(): void {
    this.store.dispose();
  }

  private async load(): Promise<Loaded> {
    const started = Date.now();
    try {
      const { runs, errors } = await loadRuns([this.uri.fsPath]);
      this.log.debug(`viewer: read ${runs.length} run(s) from ${this.uri.fsPath} in ${Date.now() - started} ms`);
      return { runs, errors: errors.map((error) => error.error) };
    } catch (error) {
      return { runs: [], errors: [errorMessage(error)] };
    }
  }
}

function choiceOf(run: LoadedRun): ViewerRunChoice {
  const { header, outcome } = run.trajectory;
  const title = header.task.text.trim().split('\n')[0] ?? '';
  return {
    index: run.index,
    runId: header.runId,
    title: title.length > 120 ? `${title.slice(0, 119)}…` : title,
    steps: outcome ? Math.max(0, Math.round(outcome.steps)) : run.trajectory.events.filter((event) => event.type === 'model-turn').length,
    resolved: outcome?.resolved ?? null,
  };
}
