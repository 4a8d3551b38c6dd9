// Entry of the webview bundle (dist/webview.js). Every message from the host is validated
// before the page acts on it; then the page says it is ready, which releases the host's
// queue of messages.
import { parseHostMessage, PROTOCOL_VERSION } from '../src/protocol/index';
import { App } from './app';
import { connectToHost } from './vscode-api';

const root = document.getElementById('app');
if (!root) throw new Error('Crux: the page has no #app element');

const post = connectToHost();
const app = new App(root, post);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = parseHostMessage(event.data);
  if (!parsed.ok) {
    console.warn(`Crux: ignored a message from the extension: ${parsed.error}`);
    return;
  }
  try {
    app.handle(parsed.message);
  } catch (error) {
    console.error(`Crux: handling "${parsed.message.type}" failed`, error);
  }
});

// The chat the page showed before a reload: the host shows it again (chat-transcript).
post({ type: 'ready', protocolVersion: PROTOCOL_VERSION, chatRunId: app.chatRunId });
