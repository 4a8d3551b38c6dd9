// Where trajectory files open. Files named like runs (*.jsonl, *.traj, *.traj.json) open in a
// custom read-only editor: a tab tied to the file, restored after a reload, offered by "Open
// With…" and switchable back to the text editor. Its priority is "option", so the text editor
// stays the default for .jsonl files that are not runs. Any other file a user picks (an
// OpenHands .json event stream) opens in a plain webview panel with the same viewer.
import * as vscode from 'vscode';
import type { Log } from '../../../src/host/ports';
import type { DisposableStore } from '../../disposable-store';
import { ViewerSession, type RevealOptions } from './viewer-session';

export const VIEWER_TYPE = 'crux.trajectoryViewer';
const PANEL_TYPE = 'crux.trajectoryPanel';
/** The file names the custom editor is registered for (package.json customEditors). */
const EDITOR_FILES = /\.(jsonl|traj|traj\.json)$/i;

export class TrajectoryViewers implements vscode.CustomReadonlyEditorProvider {
  /** Open viewers by file URI, so opening a file twice reveals the one already open. */
  private readonly sessions = new Map<string, ViewerSession>();
  /** Options for an editor about to be resolved (openWith cannot carry them). */
  private readonly pending = new Map<string, RevealOptions>();

  constructor(store: DisposableStore, private readonly extensionUri: vscode.Uri, private readonly log: Log) {
    store.add(vscode.window.registerCustomEditorProvider(VIEWER_TYPE, this, {
      webviewOptions: { retainContextWhenHidden: true, enableFindWidget: true },
      supportsMultipleEditorsPerDocument: false,
    }));
    store.addCallback(() => {
      for (const session of this.sessions.values()) session.dispose();
      this.sessions.clear();
    });
  }

  /** Opens a file in the viewer, at a run of the file and a step when given. */
  async open(uri: vscode.Uri, options: RevealOptions = {}): Promise<void> {
    const key = uri.toString();
    const open = this.sessions.get(key);
    // A file opens as a custom editor; a run from the history or the tree as a panel titled
    // with its task. One already open (either way) is revealed.
    if (EDITOR_FILES.test(uri.path) && !options.asRun && !open) {
      this.pending.set(key, options);
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEWER_TYPE);
      return;
    }
    if (open?.panel) {
      open.panel.reveal();
      await open.reveal(options);
      return;
    }
    // Titled with the task once the run is read (viewer-session.ts).
    const panel = vscode.window.createWebviewPanel(PANEL_TYPE, options.asRun ? 'Run' : uri.path.split('/').pop() ?? 'Trajectory', vscode.ViewColumn.Active, {
      retainContextWhenHidden: true, enableFindWidget: true,
    });
    this.track(new ViewerSession(panel.webview, uri, options, this.extensionUri, this.log), panel);
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => {} };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const key = document.uri.toString();
    const options = this.pending.get(key) ?? {};
    this.pending.delete(key);
    this.track(new ViewerSession(panel.webview, document.uri, options, this.extensionUri, this.log), panel);
  }

  private track(session: ViewerSession, panel: vscode.WebviewPanel): void {
    const key = session.uri.toString();
    session.panel = panel;
    this.sessions.get(key)?.dispose();
    this.sessions.set(key, session);
    panel.onDidDispose(() => {
      if (this.sessions.get(key) === session) this.sessions.delete(key);
      session.dispose();
    });
  }
}
