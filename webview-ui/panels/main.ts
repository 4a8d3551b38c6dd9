// Entry of the panels' bundle (dist/panels.js), shared by the run history, the trajectory
// viewer and the trajectory tree. The body names the page; every message from the host is
// validated against that page's protocol before it is handled, then the page says it is ready.
import {
  parseHistoryHostMessage, parseTreeHostMessage, parseViewerHostMessage, PROTOCOL_VERSION,
  type HistoryHostMessage, type HistoryPageMessage, type PanelPage, type ParseResult, type TreeHostMessage, type TreePageMessage,
  type ViewerHostMessage, type ViewerPageMessage,
} from '../../src/protocol/index';
import { HistoryPage } from './history/history-page';
import { connectPanel } from './panel-api';
import { TreePage } from './tree/tree-page';
import { ViewerPage } from './viewer/viewer-page';

interface Page<M> {
  handle(message: M): void;
}

function start<In, Out extends { type: string }>(page: PanelPage, parse: (value: unknown) => ParseResult<In>, create: (root: HTMLElement, post: (message: Out) => void) => Page<In>): void {
  const root = document.getElementById('panel');
  if (!root) throw new Error('Crux: the page has no #panel element');
  const post = connectPanel<Out | { type: 'panel-ready'; protocolVersion: number; page: PanelPage }>();
  root.replaceChildren();
  const view = create(root, post);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = parse(event.data);
    if (!parsed.ok) {
      console.warn(`Crux: ignored a message from the extension: ${parsed.error}`);
      return;
    }
    try {
      view.handle(parsed.message);
    } catch (error) {
      console.error('Crux: handling a message failed', error);
    }
  });
  // Marks for the benchmark's breakdown of a first paint (page load, then the host's answer).
  performance.mark('crux-panel-ready');
  post({ type: 'panel-ready', protocolVersion: PROTOCOL_VERSION, page });
}

const page = document.body.dataset.page;
if (page === 'history') start<HistoryHostMessage, HistoryPageMessage>('history', parseHistoryHostMessage, (root, post) => new HistoryPage(root, post));
else if (page === 'viewer') start<ViewerHostMessage, ViewerPageMessage>('viewer', parseViewerHostMessage, (root, post) => new ViewerPage(root, post));
else if (page === 'tree') start<TreeHostMessage, TreePageMessage>('tree', parseTreeHostMessage, (root, post) => new TreePage(root, post));
else console.error(`Crux: unknown panel page ${String(page)}`);
