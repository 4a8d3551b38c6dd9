// When commands run outside a VS Code terminal (no shell integration), they are still shown
// in one: a read-only "Crux (commands)" pseudoterminal that prints each command, its output as
// it arrives, and how it ended. Ctrl+C in it stops the command that is running.
import * as vscode from 'vscode';
import type { CommandResult } from '../../src/host/ports';

export class CommandMirror implements vscode.Disposable {
  private readonly writes = new vscode.EventEmitter<string>();
  private terminal: vscode.Terminal | undefined;
  private opened = false;
  /** Text written before VS Code opened the pseudoterminal (it drops earlier writes). */
  private backlog: string[] = [];
  private current: AbortController | undefined;

  constructor(private readonly name: string) {}

  /** Shows a command starting; the returned signal aborts when the user presses Ctrl+C. */
  begin(command: string, cwd: string): AbortSignal {
    this.ensureTerminal();
    this.current = new AbortController();
    this.write(`\x1b[2m${cwd}\x1b[0m\r\n\x1b[1m$ ${command}\x1b[0m\r\n`);
    return this.current.signal;
  }

  output(chunk: string): void {
    this.write(chunk.replace(/\r?\n/g, '\r\n'));
  }

  end(result: CommandResult): void {
    this.current = undefined;
    const how = result.timedOut ? 'timed out' : result.aborted ? 'stopped' : `exit code ${result.exitCode ?? 'none'}`;
    this.write(`\x1b[2m[${how} · ${(result.durationMs / 1000).toFixed(1)} s]\x1b[0m\r\n\r\n`);
  }

  dispose(): void {
    this.terminal?.dispose();
    this.writes.dispose();
  }

  private ensureTerminal(): void {
    if (this.terminal) return;
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.writes.event,
      open: () => {
        this.opened = true;
        for (const text of this.backlog.splice(0)) this.writes.fire(text);
      },
      close: () => {
        this.terminal = undefined;
        this.opened = false;
      },
      handleInput: (data) => {
        if (data === '\x03') this.current?.abort();
      },
    };
    this.terminal = vscode.window.createTerminal({ name: this.name, pty, isTransient: true, iconPath: new vscode.ThemeIcon('hubot') });
    this.terminal.show(true);
  }

  private write(text: string): void {
    if (this.opened) this.writes.fire(text);
    else this.backlog.push(text);
  }
}
