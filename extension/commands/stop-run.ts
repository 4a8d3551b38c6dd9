import * as vscode from 'vscode';
import type { RunController } from '../run/run-controller';

export function stopRunCommand(run: RunController): () => void {
  return () => {
    if (!run.stop()) void vscode.window.showInformationMessage('Crux is not running a task.');
  };
}
