// The trajectory tree panels, one per task (and source): opening the tree of a task that is
// already shown reveals and rebuilds it. Selecting a node asks the host for its details, which
// reads the turn of one run through it; "open" shows a run in the viewer at the node's step.
import * as vscode from 'vscode';
import type { TaskAnalysis, TreeNode } from '../../../src/align';
import { hydrate } from '../../../src/align/task-runs';
import type { Log } from '../../../src/host/ports';
import { parseTreePageMessage, type TreeHostMessage, type TreePageMessage, type TreeView } from '../../../src/protocol';
import { DisposableStore } from '../../disposable-store';
import { PanelConnection, type PanelHandlers } from '../panel-connection';
import { panelHtml, panelOptions } from '../panel-html';
import type { RevealOptions } from '../viewer/viewer-session';
import { nodeDetailOf, nodesById, representativeRun, treeViewOf } from './tree-model';
import { analyzeTask, type TreeSource } from './tree-source';
import { taskTabTitle } from '../tab-title';

const PANEL_TYPE = 'crux.trajectoryTree';

export interface TreePanelDeps {
  extensionUri: vscode.Uri;
  log: Log;
  openRun(file: vscode.Uri, options: RevealOptions): Promise<void>;
}

interface TreeContext {
  panel: TreePanel;
}

const handlers: PanelHandlers<TreePageMessage, TreeContext> = {
  'panel-ready': (_message, ctx) => ctx.panel.showTree(),
  'tree-select-node': (message, ctx) => ctx.panel.showNode(message.nodeId),
  'tree-open-run': (message, ctx) => ctx.panel.openRun(message.runId, message.step),
};

export class TreePanels implements vscode.Disposable {
  private readonly panels = new Map<string, TreePanel>();

  constructor(private readonly deps: TreePanelDeps) {}

  /** Builds the task's tree from the source and shows it. */
  async show(source: TreeSource, taskId: string): Promise<TreePanel> {
    const analysis = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Crux: building the tree of ${taskId}` },
      () => analyzeTask(source, taskId),
    );
    const key = `${source.label}\0${taskId}`;
    const open = this.panels.get(key);
    if (open) {
      await open.update(analysis, source.label);
      open.reveal();
      return open;
    }
    const panel = await TreePanel.create(analysis, source.label, this.deps);
    this.panels.set(key, panel);
    panel.onDispose(() => this.panels.delete(key));
    return panel;
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
  }
}

export class TreePanel implements vscode.Disposable {
  private readonly store = new DisposableStore();
  private readonly connection: PanelConnection<TreePageMessage, TreeHostMessage, TreeContext>;
  private byId = new Map<string, TreeNode>();
  private view: TreeView | undefined;
  private readonly disposeListeners: (() => void)[] = [];

  private constructor(private readonly panel: vscode.WebviewPanel, private analysis: TaskAnalysis, private readonly deps: TreePanelDeps) {
    const context: TreeContext = { panel: this };
    panel.webview.options = panelOptions(deps.extensionUri);
    this.connection = this.store.add(new PanelConnection<TreePageMessage, TreeHostMessage, TreeContext>({
      page: 'tree', webview: panel.webview, parse: parseTreePageMessage, handlers, context: () => context, log: deps.log,
    }));
    // One listener, so the panel's own cleanup and its owner's run in a known order.
    this.store.add(panel.onDidDispose(() => {
      for (const listener of this.disposeListeners) listener();
      this.store.dispose();
    }));
    panel.webview.html = panelHtml(panel.webview, deps.extensionUri, 'tree', panel.title);
  }

  static async create(analysis: TaskAnalysis, source: string, deps: TreePanelDeps): Promise<TreePanel> {
    const panel = vscode.window.createWebviewPanel(PANEL_TYPE, `Tree: ${analysis.taskId}`, vscode.ViewColumn.Active, {
      retainContextWhenHidden: true, enableFindWidget: true,
    });
    const tree = new TreePanel(panel, analysis, deps);
    await tree.update(analysis, source);
    return tree;
  }

  get tree(): TreeView | undefined {
    return this.view;
  }

  async update(analysis: TaskAnalysis, source: string): Promise<void> {
    this.analysis = analysis;
    this.byId = nodesById(analysis);
    const taskText = await taskTextOf(analysis);
    this.view = treeViewOf(analysis, taskText, source);
    this.panel.title = taskTabTitle('Tree: ', taskText, analysis.taskId.slice(0, 12));
    await this.showTree();
  }

  showTree(): void {
    if (this.view) this.connection.post({ type: 'tree-show', tree: this.view });
  }

  async showNode(nodeId: string): Promise<void> {
    const node = this.byId.get(nodeId);
    if (!node) throw new Error(`the tree has no node ${nodeId} (it was rebuilt; select again)`);
    const run = node.parent ? representativeRun(node) : undefined;
    if (run) await hydrate(run, this.analysis.read);
    this.connection.post({ type: 'tree-node', detail: nodeDetailOf(node, this.analysis.keyActions) });
  }

  async openRun(runId: string, step: number): Promise<void> {
    const run = this.analysis.runs.find((candidate) => candidate.ref.runId === runId);
    if (!run) throw new Error(`run ${runId} is not in this tree`);
    await this.deps.openRun(vscode.Uri.file(run.ref.file), { runIndex: run.ref.index, step });
  }

  reveal(): void {
    this.panel.reveal();
  }

  onDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  dispose(): void {
    this.panel.dispose();
  }
}

/** The task text from one of its runs (the analysis keeps no headers once summarised). */
async function taskTextOf(analysis: TaskAnalysis): Promise<string> {
  const run = analysis.runs[0];
  if (!run) return '';
  try {
    await hydrate(run, analysis.read);
  } catch {
    return '';
  }
  return run.header?.task.text ?? '';
}
