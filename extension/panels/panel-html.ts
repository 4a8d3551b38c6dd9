// The page loaded into every Crux editor panel (history, viewer, tree): the same strict CSP
// as the agent view (no network, no inline code, one nonce'd script), with the panels'
// bundle (dist/panels.js) and the page to show named on the body.
import * as vscode from 'vscode';
import { newNonce, strictCsp } from '../view/csp';
import type { PanelPage } from '../../src/protocol';

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: PanelPage, title: string): string {
  const nonce = newNonce();
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const csp = strictCsp(webview, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${asset('media', 'webview.css')}">
  <link rel="stylesheet" href="${asset('media', 'panels.css')}">
  <link rel="stylesheet" href="${asset('media', 'markdown.css')}">
  <title>${escapeHtml(title)}</title>
</head>
<body data-page="${page}">
  <main id="panel" aria-label="${escapeHtml(title)}"><p class="muted panel-loading">Loading…</p></main>
  <script type="module" nonce="${nonce}" src="${asset('dist', 'panels.js')}"></script>
</body>
</html>`;
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    // A hidden panel keeps its scroll position and expanded rows: rebuilding a 2,000-step
    // run on every tab switch would lose both.
    retainContextWhenHidden: true,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
