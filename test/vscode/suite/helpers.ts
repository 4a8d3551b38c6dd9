// Shared by the in-extension-host tests.
import * as vscode from 'vscode';
import type { CruxApi } from '../../../extension/extension';

export const EXTENSION_ID = 'crux-dev.crux';

/** The extension may not be active yet when the tests start; activate it and get its API. */
export async function activateCrux(): Promise<CruxApi> {
  const extension = vscode.extensions.getExtension<CruxApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return extension.isActive ? extension.exports : extension.activate();
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder');
  return folder.uri.fsPath;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
