// Where the editor's @problems, @terminal and @git come from: the workspace's diagnostics, the
// last command a terminal ran (through shell integration), and the working-tree diff through the
// project's git helper (src/tools/patch.ts, which builds git's environment in one place).
import { relative } from 'node:path';
import * as vscode from 'vscode';
import type { MentionSources } from '../../src/context/mentions';
import { workspacePatch } from '../../src/tools/patch';

const TERMINAL_KEEP_CHARS = 20_000;

/** Keeps the last command a terminal ran, with its output, as shell integration reports it. */
export class TerminalOutputTracker implements vscode.Disposable {
  private last: string | null = null;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.window.onDidStartTerminalShellExecution((event) => void this.follow(event.execution));
  }

  get lastCommand(): string | null {
    return this.last;
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private async follow(execution: vscode.TerminalShellExecution): Promise<void> {
    let output = '';
    try {
      for await (const chunk of execution.read()) output = (output + chunk).slice(-TERMINAL_KEEP_CHARS);
    } catch {
      // The terminal went away; keep what arrived.
    }
    this.last = `$ ${execution.commandLine.value}\n${output}`;
  }
}

export function editorMentionSources(root: string, terminal: TerminalOutputTracker): MentionSources {
  return {
    problems: async () => vscode.languages.getDiagnostics().flatMap(([uri, diagnostics]) => diagnostics.map((diagnostic) => {
      const where = uri.scheme === 'file' ? relative(root, uri.fsPath) : uri.toString();
      const severity = ['error', 'warning', 'info', 'hint'][diagnostic.severity] ?? 'problem';
      return `${where}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1} ${severity}: ${diagnostic.message}`;
    })).join('\n'),
    terminal: async () => terminal.lastCommand,
    gitDiff: () => workspacePatch(root),
  };
}
