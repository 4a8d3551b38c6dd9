// Owns what the view shows outside the transcript (connection, running) and the one agent
// run that may be going. Runs are started by the view or the command palette alike.
import * as vscode from 'vscode';
import type { RunFinishedEvent } from '../../src/agent/events';
import { isAbortError } from '../../src/agent/model-errors';
import type { Log, Terminal } from '../../src/host/ports';
import { createTerminal } from '../../src/host/node/terminal';
import type { ConnectionState, HostMessage, ViewState } from '../../src/protocol';
import type { ApiKeyStore } from '../api-key';
import type { ViewApprovals } from '../ports/view-approvals';
import { VsCodeTerminal } from '../ports/vscode-terminal';
import { readSettings, type CruxSettings } from '../settings';
import { runAgentWithExtras, type BranchStart, type RunExtras } from './agent-run';
import { connectedState, connectWith, describeConnectionError, unavailableState } from './connection-check';
import { MessageBatcher } from './message-batcher';
import type { RunSession } from './run-session';
import type { ChatStart } from '../chats/run-context';
import type { TerminalSetting } from './run-settings';
import { redactUrlCredentials } from '../../src/model/url-credentials';

export interface RunControllerDeps {
  log: Log;
  apiKeys: ApiKeyStore;
  approvals: ViewApprovals;
  /** To the view; queued there until the page is ready. */
  send: (message: HostMessage) => void;
  workspaceRoot: () => string | undefined;
  settings?: () => CruxSettings;
  /** Consent, checkpoints, recording, the loop watch. */
  extras: RunExtras;
}

export class RunController implements vscode.Disposable {
  private connection: ConnectionState;
  private current: AbortController | undefined;
  private checkGeneration = 0;
  private terminal: { kind: TerminalSetting; port: Terminal & Partial<vscode.Disposable> } | undefined;
  /** The API key of the current run, kept out of the environment of every command it runs. */
  private apiKey: string | undefined;
  private currentSession: RunSession | undefined;
  private batcher: MessageBatcher | undefined;
  private readonly stateEmitter = new vscode.EventEmitter<ViewState>();
  readonly onDidChangeState = this.stateEmitter.event;
  private readonly settings: () => CruxSettings;

  constructor(private readonly deps: RunControllerDeps) {
    this.settings = deps.settings ?? (() => readSettings());
    this.connection = { status: 'checking', serverUrl: this.settings().modelUrl };
  }

  get state(): ViewState {
    return { connection: this.connection, running: this.current !== undefined, approvalMode: this.settings().approvals.mode };
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  /** The run going now, once its agent exists (the loop banner's buttons act on it). */
  get session(): RunSession | undefined {
    return this.currentSession;
  }

  /** Probes the server and publishes the outcome. Only the latest check publishes, so a
   * slow probe of an old URL cannot overwrite the answer for the new one. `quiet` (the
   * periodic re-check) keeps the line as it is until the answer differs. */
  async checkConnection(quiet = false): Promise<ConnectionState> {
    const generation = ++this.checkGeneration;
    const settings = this.settings();
    if (!quiet) this.setConnection({ status: 'checking', serverUrl: redactUrlCredentials(settings.modelUrl) });
    let state: ConnectionState;
    try {
      const { connection } = await connectWith(settings, await this.deps.apiKeys.get(settings.apiKeySetting), this.deps.log, 'status');
      state = connectedState(settings, connection);
    } catch (error) {
      state = unavailableState(settings, error);
      this.deps.log.warn(`model server: ${state.status === 'unavailable' ? state.error : ''}`);
    }
    if (generation === this.checkGeneration && !(quiet && sameConnection(state, this.connection))) this.setConnection(state);
    return state;
  }

  /** Runs a task to its end (with `branch`: takes up an earlier run at a step, "retry from
   * here"). Resolves with how it ended, or undefined when it could not start (another run is
   * going, no folder, no server: the view was told why). */
  async start(task: string, branch?: BranchStart, chat?: ChatStart): Promise<RunFinishedEvent | undefined> {
    if (this.current) {
      this.deps.send({ type: 'error', message: 'A run is already going. Stop it first.', fatal: false });
      return undefined;
    }
    const controller = new AbortController();
    this.current = controller;
    this.publishState();
    const batcher = new MessageBatcher(this.deps.send);
    this.batcher = batcher;
    try {
      return await this.runAgent(task, controller.signal, batcher, branch, chat);
    } catch (error) {
      batcher.flush();
      const aborted = controller.signal.aborted || isAbortError(error);
      const message = aborted ? 'Stopped by the user.' : describeConnectionError(error);
      if (!aborted) this.deps.log.error(`run failed: ${message}`);
      // Said once: the run's last line carries the error (the connection line above says why
      // the server did not answer, so the run's line only points there).
      const unavailable = !aborted && this.connection.status === 'unavailable' ? this.connection : undefined;
      const shown = !unavailable
        ? message
        : unavailable.startCommands.length === 0
          ? 'The run could not start: the server offers no model to use (see the status at the top). Your task is still in the box; press Run once a model is chosen.'
          : 'The run could not start: no model server answered (see the status at the top). Your task is still in the box; press Run once the server is up.';
      this.deps.send({ type: 'run-finished', reason: aborted ? 'aborted' : 'error', message: shown, summary: null, steps: 0 });
      return undefined;
    } finally {
      this.current = undefined;
      this.batcher = undefined;
      this.publishState();
    }
  }

  /** Sends the text the run streamed within the last frame now (before the view is rebuilt
   * from the run's memory, which already holds it). */
  flushStream(): void {
    this.batcher?.flush();
  }

  stop(): boolean {
    if (!this.current) return false;
    this.deps.log.info('run: stop requested');
    this.current.abort();
    return true;
  }

  /** Settings changed: the approval mode shows at once, the server is probed again. */
  settingsChanged(): void {
    this.publishState();
    void this.checkConnection();
  }

  dispose(): void {
    // The extension host is going away (the window closes or reloads): not a stop by the user.
    this.currentSession?.interrupt();
    this.current?.abort();
    this.terminal?.port.dispose?.();
    this.stateEmitter.dispose();
  }

  private async runAgent(task: string, signal: AbortSignal, batcher: MessageBatcher, branch: BranchStart | undefined, chat?: ChatStart): Promise<RunFinishedEvent> {
    const root = this.deps.workspaceRoot();
    if (!root) throw new Error('Open a folder first: Crux works inside the workspace folder.');
    const settings = this.settings();
    const log = this.deps.log;
    const apiKey = await this.deps.apiKeys.get(settings.apiKeySetting);
    this.apiKey = apiKey;
    let connected;
    try {
      connected = await connectWith(settings, apiKey, log, 'run', signal);
      this.setConnection(connectedState(settings, connected.connection));
    } catch (error) {
      if (!signal.aborted) this.setConnection(unavailableState(settings, error));
      throw error;
    }
    const terminal = this.terminalFor(this.deps.extras.settings().terminal);
    log.info(`run: "${firstLine(task)}" with ${connected.connection.model} at ${redactUrlCredentials(settings.modelUrl)}${branch ? ` (retry from step ${branch.step} of ${branch.parent.runId})` : ''}`);
    try {
      const result = await runAgentWithExtras({
        task, root, settings, connected, apiKey, approvals: this.deps.approvals, terminal, signal, log,
        send: (message) => batcher.push(message), extras: this.deps.extras,
        onSession: (session) => {
          this.currentSession = session;
        },
        ...(branch ? { branch } : {}),
        ...(chat ? { chat } : {}),
      });
      log.info(`run: ${result.reason} after ${result.steps} steps: ${result.message}`);
      return result;
    } finally {
      batcher.flush();
    }
  }

  /** The terminal commands run in, made again when the crux.terminal setting changed. */
  private terminalFor(kind: TerminalSetting): Terminal {
    if (this.terminal?.kind !== kind) {
      this.terminal?.port.dispose?.();
      const log = this.deps.log;
      const secrets = () => (this.apiKey ? [this.apiKey] : []);
      this.terminal = { kind, port: kind === 'integrated' ? new VsCodeTerminal({ log, secrets }) : createTerminal(log, { secrets }) };
    }
    return this.terminal.port;
  }

  private setConnection(connection: ConnectionState): void {
    this.connection = connection;
    this.publishState();
  }

  private publishState(): void {
    const state = this.state;
    this.deps.send({ type: 'state', state });
    this.stateEmitter.fire(state);
  }
}

function sameConnection(a: ConnectionState, b: ConnectionState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}
