// The Workspace port on VS Code: files are written through a WorkspaceEdit, so an open
// editor shows the agent's change at once and Ctrl+Z undoes it, and then saved, so the
// commands the agent runs next (tests) see it on disk.
import { realpath } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Workspace } from '../../src/host/ports';

export class VsCodeWorkspace implements Workspace {
  private constructor(readonly root: string) {}

  /** The root is resolved to its real path, as the core's path confinement expects. */
  static async open(root: string): Promise<VsCodeWorkspace> {
    return new VsCodeWorkspace(await realpath(root));
  }

  /** An open document with unsaved changes wins over the disk: the agent edits what the user
   * sees, so its diff matches the editor. An unmodified one is read from disk: its buffer can
   * lag behind a change made outside the editor (a restored checkpoint, git, another tool)
   * until VS Code's file watcher reloads it. */
  async readText(absPath: string): Promise<string> {
    const open = findOpenDocument(absPath);
    if (open?.isDirty) return open.getText();
    return readDisk(vscode.Uri.file(absPath));
  }

  async writeText(absPath: string, content: string): Promise<void> {
    const uri = vscode.Uri.file(absPath);
    const edit = new vscode.WorkspaceEdit();
    let document = findOpenDocument(absPath);
    if (document && !document.isDirty && document.getText() !== (await readDisk(uri).catch(() => document?.getText()))) {
      // A stale buffer would make the save below a conflict with the newer file on disk: write
      // the disk, and VS Code reloads the editor from it.
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
      return;
    }
    if (!document && !(await exists(uri))) {
      // createFile makes the parent folders too, and is undoable like any other edit.
      edit.createFile(uri, { contents: new TextEncoder().encode(content), overwrite: false });
      await apply(edit, absPath);
      return;
    }
    document ??= await vscode.workspace.openTextDocument(uri);
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    edit.replace(uri, whole, content);
    await apply(edit, absPath);
    // Save participants (format on save) may still change the text; that is the user's
    // choice, and the agent reads the file again before its next edit.
    if (document.isDirty && !(await document.save())) {
      throw new Error(`VS Code could not save ${absPath} after editing it.`);
    }
  }
}

async function readDisk(uri: vscode.Uri): Promise<string> {
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

function findOpenDocument(absPath: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((doc) => doc.uri.scheme === 'file' && doc.uri.fsPath === absPath);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function apply(edit: vscode.WorkspaceEdit, absPath: string): Promise<void> {
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new Error(`VS Code refused the edit of ${absPath} (is the file read-only, or was the edit cancelled?).`);
  }
}
