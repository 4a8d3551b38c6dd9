// After a checkpoint is restored on disk (git writes the files directly), open editors must
// show the restored text before the agent reads again: the Workspace port reads an open
// document's buffer, and VS Code reloads a changed file only when its file watcher reports it.
// This waits until every open, unmodified document of the workspace matches the disk.
import { readFile } from 'node:fs/promises';
import { relative, isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import type { Log } from '../../src/host/ports';

/** Longest wait for VS Code to reload one file; after it the mismatch is logged. */
const RELOAD_WAIT_MS = 3000;

export async function syncOpenDocuments(root: string, log: Log): Promise<void> {
  const waits = vscode.workspace.textDocuments
    .filter((document) => document.uri.scheme === 'file' && inside(root, document.uri.fsPath))
    .map(async (document) => {
      const disk = await readFile(document.uri.fsPath, 'utf8').catch(() => null);
      if (disk === null || document.getText() === disk) return;
      if (document.isDirty) {
        log.warn(`checkpoints: ${document.uri.fsPath} has unsaved changes; VS Code will ask which version to keep`);
        return;
      }
      if (!(await reloaded(document, disk))) log.warn(`checkpoints: the editor of ${document.uri.fsPath} did not reload the restored file in time`);
    });
  await Promise.all(waits);
}

function reloaded(document: vscode.TextDocument, disk: string): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (matched: boolean) => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(matched);
    };
    const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === document && document.getText() === disk) done(true);
    });
    const timer = setTimeout(() => done(document.getText() === disk), RELOAD_WAIT_MS);
    if (document.getText() === disk) done(true);
  });
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
