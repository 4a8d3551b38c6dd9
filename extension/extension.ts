// Entry point of the VS Code extension: builds the services once, registers everything
// through one disposable store, and returns a small API (used by the integration tests).
import * as vscode from 'vscode';
import type { RunFinishedEvent } from '../src/agent/events';
import type { ViewState } from '../src/protocol';
import { ApiKeyStore } from './api-key';
import { registerKeyboardCommands } from './commands/keyboard-commands';
import { registerCommands } from './commands/register';
import { registerViews } from './commands/register-views';
import { ConsentGate } from './consent/consent-gate';
import { ConsentPrompt } from './consent/consent-prompt';
import { createConsentStatusBar } from './consent/consent-status-bar';
import { ConsentStore } from './consent/consent-store';
import { DiffOpener } from './diff/diff-opener';
import { DisposableStore } from './disposable-store';
import type { HandlerContext } from './handlers/context';
import { outputChannelLog } from './output-log';
import { RunStoreAccess } from './panels/run-store';
import { WorkspaceCheckpoints } from './ports/editor-checkpoints';
import { ApprovalAnnouncer, type NotifySetting } from './ports/approval-announcer';
import { ViewApprovals } from './ports/view-approvals';
import { ChatService } from './chats/chat-service';
import { editorMentionSources, TerminalOutputTracker } from './chats/mention-sources';
import { ModelChoice } from './chats/model-choice';
import { registerMcpTrustCommand, WorkspaceMcpTrust } from './mcp/workspace-mcp-trust';
import { McpServerPool } from '../src/mcp/server-pool';
import { RunActions } from './run/run-actions';
import { ConnectionWatch } from './run/connection-watch';
import { RunController } from './run/run-controller';
import { RunRegistry } from './run/run-registry';
import { readRunExtrasSettings } from './run/run-settings';
import { SECTION } from './settings';
import { registerTeam } from './team/team-extension';
import { createStatusBar } from './status-bar';
import { AgentViewProvider, AGENT_VIEW_ID } from './view/agent-view-provider';
import { WebviewChannel } from './view/webview-channel';

export interface CruxApi {
  readonly state: ViewState;
  checkConnection(): Promise<ViewState['connection']>;
  runTask(task: string): Promise<RunFinishedEvent | undefined>;
  /** Where this workspace's runs are recorded (undefined without workspace storage). */
  readonly trajectoryDir: string | undefined;
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
  // Open questions are announced, never focused (a keystroke meant for the editor must not answer one).
  const announcer = disposables.add(new ApprovalAnnouncer(
    { isVisible: () => view.isVisible(), setBadge: (count, tooltip) => view.setBadge(count, tooltip), reveal: () => view.reveal(true) },
    () => vscode.workspace.getConfiguration(SECTION).get<NotifySetting>('approvals.notify', 'whenHidden'),
  ));
  disposables.add(approvals.onDidChangePending((open) => {
    announcer.update(open);
    void vscode.commands.executeCommand('setContext', 'crux.approvalPending', open.length > 0);
  }));
  // Recording, checkpoints and the loop watch: consent per workspace, files in VS Code's storage.
  const runs = new RunStoreAccess(context.storageUri, log);
  const trajectoryDir = () => runs.uri?.fsPath;
  const consentStore = disposables.add(new ConsentStore(context.workspaceState));
  const consentPrompt = new ConsentPrompt(() => view, undefined, () => team.shareTarget());
  const registry = new RunRegistry();
  const mcpTrust = new WorkspaceMcpTrust(context.workspaceState);
  // MCP servers keep running between runs (closed when idle, and with the window).
  const mcpPool = new McpServerPool({ log });
  disposables.add({ dispose: () => void mcpPool.close() });
  disposables.add(registerMcpTrustCommand(mcpTrust, workspaceRoot));
  const checkpoints = new WorkspaceCheckpoints(context.storageUri ?? context.globalStorageUri, log);
  const extras = {
    consent: new ConsentGate(consentStore, consentPrompt, trajectoryDir), checkpoints, registry, trajectoryDir,
    settings: readRunExtrasSettings, cruxVersion: String((context.extension.packageJSON as { version?: unknown }).version ?? ''),
    mcpTrust, mcpPool,
  };
  const run = disposables.add(new RunController({ log, apiKeys, approvals, send: (message) => channel.post(message), workspaceRoot, extras }));
  const actions = new RunActions({
    run, registry, checkpoints, store: () => runs.open(), workspaceRoot, send: (message) => channel.post(message), log,
  });
  // Shared runs go to the team store (crux.team.url) in the background after each run.
  const team = registerTeam(disposables, {
    secrets: context.secrets, log, storeDir: trajectoryDir, consent: () => consentStore.level ?? 'off',
    onConsentChange: consentStore.onDidChange, onRunStateChange: run.onDidChangeState,
  });
  const diffs = new DiffOpener(disposables, workspaceRoot);
  const terminalOutput = disposables.add(new TerminalOutputTracker());
  const chats = new ChatService({ run, registry, store: () => runs.open(), workspaceRoot, mentions: (root) => editorMentionSources(root, terminalOutput) });
  // Recent chats change when a run ends (it is the latest of its chat, no longer running).
  let wasRunning = false;
  disposables.add(run.onDidChangeState((state) => {
    if (wasRunning && !state.running) {
      chats.list().then((list) => channel.post({ type: 'chat-list', chats: list }), (error: unknown) => log.warn(`chats: listing failed: ${String(error)}`));
    }
    wasRunning = state.running;
  }));
  const handlerContext: HandlerContext = { run, approvals, channel, diffs, log, showLog, actions, consent: consentPrompt, chats, models: new ModelChoice(apiKeys, log) };
  // Kept alive while hidden so a running transcript is not lost when the user looks away.
  disposables.add(vscode.window.registerWebviewViewProvider(AGENT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: true } }));

  const statusBar = createStatusBar();
  disposables.add(statusBar.item);
  const connectionWatch = disposables.add(new ConnectionWatch(run));
  handlerContext.connectionWatch = connectionWatch;
  disposables.add(run.onDidChangeState((state) => {
    connectionWatch.observed(state.connection);
    statusBar.update(state);
    void vscode.commands.executeCommand('setContext', 'crux.running', state.running);
  }));
  statusBar.update(run.state);
  const consentBar = createConsentStatusBar('crux.setConsent');
  disposables.add(consentBar.item);
  disposables.add(consentStore.onDidChange((level) => consentBar.update(level)));
  consentBar.update(consentStore.level);

  registerCommands(disposables, { run, apiKeys, revealView: () => view.reveal(), showLog, consent: consentStore, trajectoryDir });
  registerKeyboardCommands(disposables, { approvals, focusView: () => view.reveal(true), send: (message) => channel.post(message) });
  // The run history, trajectory viewer and tree, import/export and "Fix This Problem".
  // The history's Resume and Chat: the view shows the run's chat (then Resume carries it on).
  const resume = async (runId: string) => {
    await view.reveal();
    await chats.resumeShown(runId, (transcript) => channel.post(transcript));
  };
  const openChat = async (runId: string) => {
    await view.reveal();
    channel.post((await chats.prepareTranscript(runId))());
  };
  registerViews(disposables, {
    extensionUri: context.extensionUri, runs, log, chats: { isRunning: (runId) => registry.get(runId)?.running === true, resume, open: openChat },
  });
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
    get trajectoryDir() {
      return trajectoryDir();
    },
  };
}

export function deactivate(): void {
  store?.dispose();
  store = undefined;
}
