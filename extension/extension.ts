// Entry point of the VS Code extension: builds the services once, registers everything
// through one disposable store, and returns a small API (used by the integration tests).
import * as vscode from 'vscode';
import type { RunFinishedEvent } from '../src/agent/events';
import type { ViewState } from '../src/protocol';
import { ApiKeyStore } from './api-key';
import { registerCommands } from './commands/register';
import { DiffOpener } from './diff/diff-opener';
import { DisposableStore } from './disposable-store';
import type { HandlerContext } from './handlers/context';
import { outputChannelLog } from './output-log';
import { ViewApprovals } from './ports/view-approvals';
import { RunController } from './run/run-controller';
import { SECTION } from './settings';
import { createStatusBar } from './status-bar';
import { AgentViewProvider, AGENT_VIEW_ID } from './view/agent-view-provider';
import { WebviewChannel } from './view/webview-channel';

export interface CruxApi {
  readonly state: ViewState;
  checkConnection(): Promise<ViewState['connection']>;
  runTask(task: string): Promise<RunFinishedEvent | undefined>;
}

let store: DisposableStore | undefined;

export function activate(context: vscode.ExtensionContext): CruxApi {
  store = new DisposableStore();
  const disposables = store;
  const output = disposables.add(vscode.window.createOutputChannel('Crux', { log: true }));
  const log = outputChannelLog(output);
  const showLog = () => output.show(true);
  const workspaceRoot = () => vscode.workspace.workspaceFolders?.find((folder) => folder.uri.scheme === 'file')?.uri.fsPath;

  const channel = new WebviewChannel(log);
  const apiKeys = new ApiKeyStore(context.secrets);
  // Handlers get their context late: it needs the run controller, which needs the view.
  const view = disposables.add(new AgentViewProvider(context.extensionUri, channel, () => handlerContext, log));
  const approvals = new ViewApprovals(() => view);
  const run = disposables.add(new RunController({ log, apiKeys, approvals, send: (message) => channel.post(message), workspaceRoot }));
  const diffs = new DiffOpener(disposables, workspaceRoot);
  const handlerContext: HandlerContext = { run, approvals, channel, diffs, log, showLog };
  // Kept alive while hidden so a running transcript is not lost when the user looks away.
  disposables.add(vscode.window.registerWebviewViewProvider(AGENT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: true } }));

  const statusBar = createStatusBar();
  disposables.add(statusBar.item);
  disposables.add(run.onDidChangeState((state) => {
    statusBar.update(state);
    void vscode.commands.executeCommand('setContext', 'crux.running', state.running);
  }));
  statusBar.update(run.state);

  registerCommands(disposables, { run, apiKeys, revealView: () => view.reveal(), showLog });
  disposables.add(vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SECTION)) run.settingsChanged();
  }));
  disposables.add(apiKeys.onDidChange(() => run.settingsChanged()));
  context.subscriptions.push(disposables);

  log.info(`Crux activated (VS Code ${vscode.version}, workspace ${workspaceRoot() ?? 'none'})`);
  void run.checkConnection();
  return {
    get state() {
      return run.state;
    },
    checkConnection: () => run.checkConnection(),
    runTask: (task) => run.start(task),
  };
}

export function deactivate(): void {
  store?.dispose();
  store = undefined;
}
