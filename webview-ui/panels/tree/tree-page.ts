// The trajectory tree of one task: a summary of the runs and filters, a legend, the tree as
// a picture, and the selected node's details beside it. Keys on the picture: arrows move
// between nodes (left: parent, right: first child, up and down: same step), Home and End,
// Enter shows the node, + and - zoom.
import type { TreeHostMessage, TreePageMessage, TreeView } from '../../../src/protocol/index';
import { button, h } from '../../dom';
import { plural } from '../format';
import { ErrorNotice } from '../panel-dom';
import type { PanelPost } from '../panel-api';
import { NodeDetail } from './node-detail';
import { moveFrom, type TreeKey } from './tree-layout';
import { drawTree, type DrawnTree } from './tree-svg';

const ZOOM_STEP = 1.25;
const TREE_KEYS: readonly string[] = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'];

export class TreePage {
  private readonly summary = h('div', { className: 'tree-summary' });
  private readonly canvas = h('div', { className: 'tree-canvas', attrs: { 'tabindex': '0', 'aria-label': 'Trajectory tree: arrows move between nodes, Enter shows one, plus and minus zoom' } });
  private readonly detail: NodeDetail;
  private readonly errors = new ErrorNotice();
  private tree: TreeView | undefined;
  private drawn: DrawnTree | undefined;
  private selected = 0;
  private zoom = 1;

  constructor(root: HTMLElement, private readonly post: PanelPost<TreePageMessage>) {
    this.detail = new NodeDetail(post);
    const zoomBar = h('div', { className: 'zoom-bar', attrs: { 'role': 'group', 'aria-label': 'Zoom' } },
      button('−', () => this.setZoom(this.zoom / ZOOM_STEP), { className: 'secondary small', attrs: { 'aria-label': 'Zoom out' } }),
      button('+', () => this.setZoom(this.zoom * ZOOM_STEP), { className: 'secondary small', attrs: { 'aria-label': 'Zoom in' } }),
      button('Fit', () => this.fit(), { className: 'secondary small', attrs: { 'aria-label': 'Fit the tree in the view' } }));
    const body = h('div', { className: 'tree-body' }, h('div', { className: 'tree-stage' }, zoomBar, this.canvas), this.detail.element);
    root.append(this.summary, this.errors.element, body);
    this.canvas.addEventListener('keydown', (event) => this.onKey(event));
    this.canvas.addEventListener('click', (event) => {
      const target = (event.target as Element).closest('.tree-node');
      const index = target ? this.drawn?.nodeElements.indexOf(target as SVGGElement) ?? -1 : -1;
      if (index >= 0) this.select(index, true);
    });
  }

  handle(message: TreeHostMessage): void {
    if (message.type === 'panel-error') this.errors.show(message.message);
    else if (message.type === 'tree-node') this.detail.show(message.detail);
    else this.show(message.tree);
  }

  private show(tree: TreeView): void {
    this.errors.clear();
    const previous = this.tree?.nodes[this.selected]?.id;
    this.tree = tree;
    this.summary.replaceChildren(...summaryOf(tree));
    this.drawn = drawTree(tree);
    this.canvas.replaceChildren(this.drawn.element);
    this.setZoom(this.zoom);
    // Keep the selection across a rebuild; else start at the first key action, or the root.
    const again = previous ? tree.nodes.findIndex((node) => node.id === previous) : -1;
    const key = tree.nodes.findIndex((node) => node.key);
    this.select(again >= 0 ? again : key >= 0 ? key : 0, false);
  }

  private select(index: number, focus: boolean): void {
    const drawn = this.drawn;
    const node = this.tree?.nodes[index];
    if (!drawn || !node) return;
    drawn.nodeElements[this.selected]?.classList.remove('selected');
    drawn.nodeElements[this.selected]?.setAttribute('tabindex', '-1');
    drawn.nodeElements[this.selected]?.setAttribute('aria-selected', 'false');
    this.selected = index;
    const element = drawn.nodeElements[index] as SVGGElement;
    element.classList.add('selected');
    element.setAttribute('tabindex', '0');
    element.setAttribute('aria-selected', 'true');
    this.scrollIntoView(index);
    if (focus) element.focus({ preventScroll: true });
    this.post({ type: 'tree-select-node', nodeId: node.id });
  }

  private onKey(event: KeyboardEvent): void {
    const drawn = this.drawn;
    const tree = this.tree;
    if (!drawn || !tree) return;
    if (TREE_KEYS.includes(event.key)) {
      event.preventDefault();
      this.select(moveFrom(this.selected, event.key as TreeKey, tree.nodes, drawn.layout), true);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.select(this.selected, true);
    } else if (event.key === '+' || event.key === '=') {
      this.setZoom(this.zoom * ZOOM_STEP);
    } else if (event.key === '-') {
      this.setZoom(this.zoom / ZOOM_STEP);
    }
  }

  private setZoom(zoom: number): void {
    this.zoom = Math.max(0.1, Math.min(4, zoom));
    const layout = this.drawn?.layout;
    if (!layout || !this.drawn) return;
    this.drawn.element.setAttribute('width', String(Math.round(layout.width * this.zoom)));
    this.drawn.element.setAttribute('height', String(Math.round(layout.height * this.zoom)));
  }

  private fit(): void {
    const layout = this.drawn?.layout;
    if (!layout) return;
    this.setZoom(Math.min(1, (this.canvas.clientWidth - 8) / layout.width, (this.canvas.clientHeight - 8) / layout.height));
  }

  /** Scrolls the picture so the node is in view, with a margin. */
  private scrollIntoView(index: number): void {
    const at = this.drawn?.layout.positions[index];
    if (!at) return;
    const x = at.x * this.zoom;
    const y = at.y * this.zoom;
    const margin = 80;
    const canvas = this.canvas;
    if (x - margin < canvas.scrollLeft || x + margin > canvas.scrollLeft + canvas.clientWidth) canvas.scrollLeft = x - canvas.clientWidth / 2;
    if (y - margin < canvas.scrollTop || y + margin > canvas.scrollTop + canvas.clientHeight) canvas.scrollTop = y - canvas.clientHeight / 2;
  }
}

function summaryOf(tree: TreeView): Node[] {
  const filtered = tree.filtered.length > 0 ? tree.filtered.map((entry) => `${entry.reason} ${entry.count}`).join(', ') : 'none';
  const title = tree.taskText.trim().split('\n')[0] || tree.taskId;
  const facts = `${plural(tree.runs, 'run')}, ${tree.kept} kept (filtered: ${filtered}) · ${plural(tree.nodes.length - 1, 'step')} in the tree · ${plural(tree.keyActions, 'key action')} · intervals at z = ${tree.z}`;
  const parts: Node[] = [
    h('div', { className: 'panel-title-row' }, h('h1', { className: 'panel-title', text: `Tree: ${title}`, attrs: { title: tree.taskText } })),
    h('p', { className: 'muted small', text: `task ${tree.taskId} · from ${tree.source}` }),
    h('p', { className: 'tree-facts', text: facts }),
    legend(),
  ];
  if (tree.kept === 0) {
    parts.push(h('div', { className: 'notice note note-warning', text: 'No run of this task could be scored: the tree needs runs with a success label (tests that passed or failed, or your verdict). Runs without one are filtered as unknown-outcome.' }));
  }
  return parts;
}

function legend(): HTMLElement {
  return h('div', { className: 'tree-legend', attrs: { 'aria-label': 'Legend' } },
    h('span', { className: 'legend-scale' }, h('span', { text: 'value 0' }), h('span', { className: 'legend-gradient', attrs: { 'aria-hidden': 'true' } }), h('span', { text: '1 (share of runs resolved)' })),
    h('span', { className: 'legend-item' }, h('span', { className: 'legend-key', text: '★' }), h('span', { text: 'key action' })),
    h('span', { className: 'legend-item' }, h('span', { className: 'legend-better', text: '▲' }), h('span', { text: 'better' }), h('span', { className: 'legend-worse', text: '▼' }), h('span', { text: 'worse side of a significant difference' })),
    h('span', { className: 'legend-item muted', text: 'size and number: runs through the node' }));
}
