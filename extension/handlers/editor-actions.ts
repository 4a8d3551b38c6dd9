// A code block's Copy and "Insert at cursor", and the view's focus (the `crux.viewFocused`
// context, which the approve/deny keybindings need: they must never act from the editor).
import * as vscode from 'vscode';
import type { Handler } from './context';

export const handleCodeAction: Handler<'code-action'> = async (message) => {
  if (message.action === 'copy') {
    await vscode.env.clipboard.writeText(message.code);
    vscode.window.setStatusBarMessage('$(check) Crux: code copied', 2000);
    return;
  }
  // The view has focus now, so the editor to insert into is the last one the user was in.
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  if (!editor) {
    void vscode.window.showWarningMessage('Crux: open a file and place the cursor where the code should go, then press "Insert at cursor" again.');
    return;
  }
  await editor.edit((edit) => {
    for (const selection of editor.selections) edit.replace(selection, message.code);
  });
  await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
};

export const handleViewFocus: Handler<'view-focus'> = async (message, ctx) => {
  // Looking at the view is a good moment to make sure its connection line is still true.
  if (message.focused) ctx.connectionWatch?.checkSoon();
  await vscode.commands.executeCommand('setContext', 'crux.viewFocused', message.focused);
};
