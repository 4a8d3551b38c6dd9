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

  /** An open document's buffer wins over the disk: the agent edits what the user sees,
   * unsaved changes included, so its diff matches the editor. */
  async readText(absPath: string): Promise<string> {
    const open = findOpenDocument(absPath);
    if (open) return open.getText();
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(absPath));
    return new TextDecoder('utf-8').decode(bytes);
  }

  async writeText(absPath: string, content: string): Promise<void> {
    const uri = vscode.Uri.file(absPath);
    const edit = new vscode.WorkspaceEdit();
    let document = findOpenDocument(absPath);
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
