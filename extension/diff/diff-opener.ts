// "Open diff" from an edit card: VS Code's diff editor with the content before the edit
// on the left (served from memory under a private scheme) and the live file on the right,
// so the user can keep editing it. When the file moved on since, the diff text is shown.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DisposableStore } from '../disposable-store';
import { contentBeforeEdit } from './reconstruct';

const SCHEME = 'crux-before';
/** Old snapshots are dropped beyond this many; each is a whole file's text. */
const MAX_SNAPSHOTS = 50;

export class DiffOpener implements vscode.TextDocumentContentProvider {
  private readonly snapshots = new Map<string, string>();
  private counter = 0;

  constructor(store: DisposableStore, private readonly workspaceRoot: () => string | undefined) {
    store.add(vscode.workspace.registerTextDocumentContentProvider(SCHEME, this));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.snapshots.get(uri.query) ?? '';
  }

  async open(relativePath: string, unifiedDiff: string): Promise<void> {
    const root = this.workspaceRoot();
    if (!root) throw new Error('Open a folder to see diffs.');
    const absolute = path.resolve(root, relativePath);
    if (path.relative(root, absolute).startsWith('..')) throw new Error(`${relativePath} is outside the workspace.`);
    const fileUri = vscode.Uri.file(absolute);
    const current = await readCurrent(fileUri);
    const before = current === undefined ? undefined : contentBeforeEdit(current, unifiedDiff);
    if (before === undefined) {
      const document = await vscode.workspace.openTextDocument({ language: 'diff', content: unifiedDiff });
      await vscode.window.showTextDocument(document, { preview: true });
      return;
    }
    const key = String(++this.counter);
    this.snapshots.set(key, before);
    if (this.snapshots.size > MAX_SNAPSHOTS) {
      const oldest = this.snapshots.keys().next().value;
      if (oldest !== undefined) this.snapshots.delete(oldest);
    }
    // The path keeps the file name, so the diff editor picks the right language mode.
    const beforeUri = vscode.Uri.from({ scheme: SCHEME, path: fileUri.path, query: key });
    await vscode.commands.executeCommand('vscode.diff', beforeUri, fileUri, `${relativePath} (Crux edit)`, { preview: true });
  }
}

async function readCurrent(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}
