// The one Content-Security-Policy of every Crux webview (the agent view and the editor
// panels): nothing from the network, no inline code, styles and fonts from the extension
// only, and scripts only with this page load's nonce.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function strictCsp(webview: vscode.Webview, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}
