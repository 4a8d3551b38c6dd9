// The commands behind Crux's keybindings (package.json contributes.keybindings, rebindable):
// focus the task box, answer the open approval (only while the Crux view has focus, see the
// `when` clauses), open the view at the question, and "Crux: Start Task from Selection" from
// the editor's menu, which puts the selection into the task box and starts nothing.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HostMessage } from '../../src/protocol';
import type { DisposableStore } from '../disposable-store';
import type { ViewApprovals } from '../ports/view-approvals';

export interface KeyboardCommandDeps {
  approvals: ViewApprovals;
  /** Shows the Crux view with the keyboard in it. */
  focusView(): Promise<void>;
  send(message: HostMessage): void;
}

export const KEYBOARD_COMMANDS = ['crux.focusTaskBox', 'crux.approve', 'crux.deny', 'crux.focusApproval', 'crux.taskFromSelection'] as const;

export function registerKeyboardCommands(store: DisposableStore, deps: KeyboardCommandDeps): void {
  const focusTask = async (prefill: string | null) => {
    await deps.focusView();
    deps.send({ type: 'focus-task', prefill });
  };
  const handlers: Record<(typeof KEYBOARD_COMMANDS)[number], () => unknown> = {
    'crux.focusTaskBox': () => focusTask(null),
    'crux.approve': () => deps.approvals.answerOldest('approve'),
    'crux.deny': () => deps.approvals.answerOldest('deny'),
    // The page puts the keyboard on the open question when it gets focus (see app.ts).
    'crux.focusApproval': () => deps.focusView(),
    'crux.taskFromSelection': () => focusTask(selectionAsContext()),
  };
  for (const id of KEYBOARD_COMMANDS) store.add(vscode.commands.registerCommand(id, handlers[id]));
}

/** The selection, quoted with where it is from, for the user to say what to do with it. */
export function selectionAsContext(): string | null {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return null;
  const text = editor.document.getText(editor.selection);
  const folder = vscode.workspace.getWorkspaceFolder(editor.document.uri);
  const file = folder ? path.relative(folder.uri.fsPath, editor.document.uri.fsPath) : editor.document.fileName;
  const { start, end } = editor.selection;
  const lines = start.line === end.line ? `line ${start.line + 1}` : `lines ${start.line + 1}-${end.line + 1}`;
  return `\n\nIn ${file} (${lines}):\n\`\`\`${editor.document.languageId}\n${text}\n\`\`\``;
}
