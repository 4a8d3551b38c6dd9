// The Terminal port in the editor: the agent's commands run in a "Crux" terminal the user can
// watch (and type into, when a command asks for input), through VS Code's shell integration,
// which reports each command's output and exit code. A shell without shell integration (sh, a
// customised prompt that breaks it, Command Prompt) gets a few seconds to start it; after that,
// commands run as child processes (the core's terminal: node-pty, else plain processes) and are
// shown in a read-only "Crux (commands)" terminal instead. One command runs at a time.
import { realpath } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { CommandRequest, CommandResult, Log, Terminal } from '../../src/host/ports';
import { assertDirectory, cancelledBeforeStart } from '../../src/host/node/process-terminal';
import { createTerminal } from '../../src/host/node/terminal';
import { hiddenVariables } from '../../src/host/node/shell';
import { CommandMirror } from './command-mirror';
import { runInShell } from './shell-integration-run';

/** How long a new terminal gets to activate shell integration. */
export const INTEGRATION_WAIT_MS = 4000;

/** Keeps what the agent runs plain and non-interactive, as the core's terminals do. */
const TERMINAL_ENV: Record<string, string> = {
  PAGER: 'cat', GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', DEBIAN_FRONTEND: 'noninteractive', PYTHONUNBUFFERED: '1',
};

export type TerminalMode = 'shell-integration' | 'fallback';

export interface VsCodeTerminalOptions {
  log: Log;
  integrationWaitMs?: number;
  /** The shell; default: the user's default terminal profile. */
  shellPath?: string;
  /** Where commands run without shell integration; default: the core's Node terminal. */
  fallback?: Terminal;
  name?: string;
  /** Secrets (the model server's API key) no variable of the terminal may hold; read when it opens. */
  secrets?: () => readonly string[];
}

/** The terminal's environment: TERMINAL_ENV, with Crux's own variables and any holding a
 * secret removed (a null value removes a variable the editor would pass on). */
export function terminalEnvironment(source: NodeJS.ProcessEnv, secrets: readonly string[]): Record<string, string | null> {
  const env: Record<string, string | null> = { ...TERMINAL_ENV };
  for (const name of hiddenVariables(source, secrets)) env[name] = null;
  return env;
}

export class VsCodeTerminal implements Terminal, vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  /** The folder the terminal's shell is in, as far as we know (shell integration may say better). */
  private cwd: string | undefined;
  private integrationFailed = false;
  private readonly mirror: CommandMirror;
  private readonly fallback: Terminal;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly name: string;
  /** How the last command ran (the tests and the log say which path was taken). */
  lastMode: TerminalMode | undefined;

  constructor(private readonly options: VsCodeTerminalOptions) {
    this.name = options.name ?? 'Crux';
    this.mirror = new CommandMirror(`${this.name} (commands)`);
    this.fallback = options.fallback ?? createTerminal(options.log, { ...(options.secrets ? { secrets: options.secrets } : {}) });
  }

  run(request: CommandRequest): Promise<CommandResult> {
    const next = this.queue.then(() => this.runOne(request), () => this.runOne(request));
    this.queue = next.catch(() => undefined);
    return next;
  }

  dispose(): void {
    this.terminal?.dispose();
    this.terminal = undefined;
    this.mirror.dispose();
  }

  private async runOne(request: CommandRequest): Promise<CommandResult> {
    if (request.signal?.aborted) return cancelledBeforeStart();
    await assertDirectory(request.cwd);
    const shell = this.integrationFailed ? undefined : await this.shellIntegration(request.cwd);
    if (!shell) {
      this.lastMode = 'fallback';
      return this.runInFallback(request);
    }
    this.lastMode = 'shell-integration';
    const terminal = shell.terminal;
    if (!(await this.sameFolder(shell.integration, request.cwd))) {
      const moved = await runInShell(terminal, shell.integration, { command: `cd -- ${quote(request.cwd)}`, cwd: request.cwd, timeoutMs: 10_000, maxOutputChars: 2000 }, () => this.drop(terminal));
      if (moved.exitCode !== 0) return { ...moved, output: `Could not change to ${request.cwd}: ${moved.output}` };
    }
    this.cwd = request.cwd;
    return runInShell(terminal, shell.integration, request, () => this.drop(terminal));
  }

  /** The Crux terminal with shell integration on; undefined when it did not start in time. */
  private async shellIntegration(cwd: string): Promise<{ terminal: vscode.Terminal; integration: vscode.TerminalShellIntegration } | undefined> {
    let terminal = this.terminal;
    if (!terminal || terminal.exitStatus !== undefined) {
      terminal = vscode.window.createTerminal({
        name: this.name, cwd, env: terminalEnvironment(process.env, this.options.secrets?.() ?? []), iconPath: new vscode.ThemeIcon('hubot'),
        ...(this.options.shellPath ? { shellPath: this.options.shellPath } : {}),
      });
      this.terminal = terminal;
      this.cwd = cwd;
      terminal.show(true);
    }
    const integration = terminal.shellIntegration ?? (await waitForIntegration(terminal, this.options.integrationWaitMs ?? INTEGRATION_WAIT_MS));
    if (integration) return { terminal, integration };
    this.integrationFailed = true;
    this.options.log.info(`terminal: shell integration did not start in the ${this.name} terminal; commands run as child processes, shown in "${this.name} (commands)"`);
    this.drop(terminal);
    return undefined;
  }

  private async runInFallback(request: CommandRequest): Promise<CommandResult> {
    const stop = this.mirror.begin(request.command, request.cwd);
    const signal = request.signal ? AbortSignal.any([request.signal, stop]) : stop;
    const result = await this.fallback.run({
      ...request, signal,
      onOutput: (chunk) => {
        this.mirror.output(chunk);
        request.onOutput?.(chunk);
      },
    });
    this.mirror.end(result);
    return result;
  }

  private async sameFolder(integration: vscode.TerminalShellIntegration, cwd: string): Promise<boolean> {
    const current = integration.cwd?.scheme === 'file' ? integration.cwd.fsPath : this.cwd;
    if (current === undefined) return false;
    if (current === cwd) return true;
    const [a, b] = await Promise.all([realpath(current).catch(() => current), realpath(cwd).catch(() => cwd)]);
    return a === b;
  }

  private drop(terminal: vscode.Terminal): void {
    if (this.terminal === terminal) this.terminal = undefined;
    terminal.dispose();
  }
}

function waitForIntegration(terminal: vscode.Terminal, ms: number): Promise<vscode.TerminalShellIntegration | undefined> {
  return new Promise((resolve) => {
    const done = (integration: vscode.TerminalShellIntegration | undefined) => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(integration);
    };
    const subscription = vscode.window.onDidChangeTerminalShellIntegration((event) => {
      if (event.terminal === terminal) done(event.shellIntegration);
    });
    const timer = setTimeout(() => done(terminal.shellIntegration), ms);
  });
}

/** A POSIX shell word: single quotes, with embedded single quotes closed and escaped. */
function quote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
