// The page loaded into the Crux view. Strict CSP: no network, no inline code; the one
// script is the bundled webview (dist/webview.js) allowed by a per-load nonce, and styles
// come only from the extension's media folder.
import * as vscode from 'vscode';
import { newNonce, strictCsp } from './csp';

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = newNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css'));
  const markdownStyle = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'markdown.css'));
  const csp = strictCsp(webview, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style.toString()}">
  <link rel="stylesheet" href="${markdownStyle.toString()}">
  <title>Crux</title>
</head>
<body>
  <main id="app" aria-label="Crux agent"></main>
  <script type="module" nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}
