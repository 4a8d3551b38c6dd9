import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { VsCodeWorkspace } from '../../../extension/ports/vscode-workspace';
import { workspaceRoot } from './helpers';

describe('Crux in VS Code: the Workspace port', () => {
  const created: string[] = [];
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const path of created) await rm(path, { recursive: true, force: true });
  });

  it('edits an open file through the editor: the buffer updates, the disk too, and undo works', async () => {
    const workspace = await VsCodeWorkspace.open(workspaceRoot());
    const path = join(workspace.root, 'port-edit.txt');
    created.push(path);
    await workspace.writeText(path, 'one\n');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
    const editor = await vscode.window.showTextDocument(document);
    await workspace.writeText(path, 'one\ntwo\n');
    assert.equal(editor.document.getText(), 'one\ntwo\n');
    assert.equal(editor.document.isDirty, false);
    assert.equal(await readFile(path, 'utf8'), 'one\ntwo\n');
    assert.equal(await workspace.readText(path), 'one\ntwo\n');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), 'one\n');
  });

  it('reads unsaved editor content, so the agent edits what the user sees', async () => {
    const workspace = await VsCodeWorkspace.open(workspaceRoot());
    const path = join(workspace.root, 'port-dirty.txt');
    created.push(path);
    await workspace.writeText(path, 'saved\n');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(path));
    await editor.edit((builder) => builder.insert(new vscode.Position(1, 0), 'unsaved\n'));
    assert.equal(await workspace.readText(path), 'saved\nunsaved\n');
  });

  it('creates new files in new folders', async () => {
    const workspace = await VsCodeWorkspace.open(workspaceRoot());
    const dir = join(workspace.root, 'port-new');
    created.push(dir);
    const path = join(dir, 'deep', 'file.ts');
    await workspace.writeText(path, 'export const x = 1;\n');
    assert.equal(await readFile(path, 'utf8'), 'export const x = 1;\n');
  });
});
