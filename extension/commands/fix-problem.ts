// "Crux: Fix This Problem": runs the agent on the diagnostic under the cursor (the one the
// lightbulb's "Fix with Crux" names, when it comes from there). The run itself goes through
// crux.runTask, so it starts, asks and records exactly as a typed task does.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DisposableStore } from '../disposable-store';
import { pickProblem, problemTask, type Problem, type ProblemSeverity } from './problem-task';

export const FIX_PROBLEM_COMMAND = 'crux.fixProblem';

export function fixProblemCommand(): (uri?: unknown, diagnostic?: unknown) => Promise<unknown> {
  return async (uri?: unknown, diagnostic?: unknown) => {
    const target = uri instanceof vscode.Uri && diagnostic instanceof vscode.Diagnostic ? { uri, diagnostic } : atCursor();
    if (!target) {
      void vscode.window.showInformationMessage('Crux: there is no problem under the cursor. Put the cursor on a squiggle first.');
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument(target.uri);
    return vscode.commands.executeCommand('crux.runTask', problemTask(problemOf(document, target.diagnostic)));
  };
}

/** Offers "Fix with Crux" in the lightbulb for each problem under the cursor. */
export function registerFixProblemActions(store: DisposableStore): void {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(document, _range, context) {
      return context.diagnostics.slice(0, 3).map((diagnostic) => {
        const action = new vscode.CodeAction(`Fix with Crux: ${firstLine(diagnostic.message)}`, vscode.CodeActionKind.QuickFix);
        action.command = { command: FIX_PROBLEM_COMMAND, title: 'Fix with Crux', arguments: [document.uri, diagnostic] };
        action.diagnostics = [diagnostic];
        return action;
      });
    },
  };
  store.add(vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, provider, {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  }));
}

function atCursor(): { uri: vscode.Uri; diagnostic: vscode.Diagnostic } | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const position = editor.selection.active;
  const all = vscode.languages.getDiagnostics(editor.document.uri);
  // Under the cursor first; else anywhere on its line (the squiggle may end before the cursor).
  const under = all.filter((diagnostic) => diagnostic.range.contains(position));
  const candidates = under.length > 0 ? under : all.filter((diagnostic) => diagnostic.range.start.line <= position.line && diagnostic.range.end.line >= position.line);
  const chosen = pickProblem(candidates.map((diagnostic) => ({ diagnostic, severity: severityOf(diagnostic.severity) })));
  return chosen ? { uri: editor.document.uri, diagnostic: chosen.diagnostic } : undefined;
}

export function problemOf(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Problem {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const file = folder ? path.relative(folder.uri.fsPath, document.uri.fsPath).split(path.sep).join('/') : document.uri.fsPath;
  const line = Math.min(diagnostic.range.start.line, Math.max(0, document.lineCount - 1));
  const code = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : diagnostic.code === undefined ? null : String(diagnostic.code);
  return {
    path: file,
    line,
    character: diagnostic.range.start.character,
    message: diagnostic.message,
    severity: severityOf(diagnostic.severity),
    source: diagnostic.source ?? null,
    code,
    lineText: document.lineAt(line).text,
  };
}

function severityOf(severity: vscode.DiagnosticSeverity): ProblemSeverity {
  switch (severity) {
    case vscode.DiagnosticSeverity.Error: return 'error';
    case vscode.DiagnosticSeverity.Warning: return 'warning';
    case vscode.DiagnosticSeverity.Information: return 'information';
    default: return 'hint';
  }
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
