// "Crux: Run Task": the task is the command's argument (for keybindings and automation),
// else asked for (the editor's selection is offered as the start of it: a selection alone
// never starts a run; the editor menu's "Crux: Start Task from Selection" fills the task box).
import * as vscode from 'vscode';
import type { RunFinishedEvent } from '../../src/agent/events';
import type { RunController } from '../run/run-controller';

export interface RunTaskDeps {
  run: RunController;
  revealView(): Promise<void>;
}

export function runTaskCommand(deps: RunTaskDeps): (task?: unknown) => Promise<RunFinishedEvent | undefined> {
  return async (argument?: unknown) => {
    if (deps.run.running) {
      void vscode.window.showInformationMessage('Crux is already running a task. Stop it first (Crux: Stop Run).');
      return undefined;
    }
    const task = typeof argument === 'string' && argument.trim() !== '' ? argument : await askForTask();
    if (task === undefined) return undefined;
    await deps.revealView();
    return deps.run.start(task);
  };
}

async function askForTask(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection).trim() : '';
  const typed = await vscode.window.showInputBox({
    value: selected,
    title: 'Crux: Run Task',
    prompt: 'What should the agent do in this workspace?',
    placeHolder: 'e.g. Fix the failing test in test/math.test.js',
    ignoreFocusOut: true,
  });
  return typed && typed.trim() !== '' ? typed : undefined;
}
