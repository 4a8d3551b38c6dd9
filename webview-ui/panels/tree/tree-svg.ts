// The tree as an SVG picture: edges as curves whose width grows with the runs along them,
// nodes as circles sized by visits and coloured by value (the theme's red to green, through
// its own palette, so it reads in light, dark and high-contrast themes), key actions ringed
// and starred, the better and worse sides of a significant comparison outlined.
import type { TreeView, TreeViewNode } from '../../../src/protocol/index';
import { svg } from '../panel-dom';
import { layoutTree, type TreeLayout } from './tree-layout';

const LABEL_CHARS = 20;

export interface DrawnTree {
  element: SVGSVGElement;
  layout: TreeLayout;
  nodeElements: SVGGElement[];
}

export function drawTree(tree: TreeView): DrawnTree {
  const layout = layoutTree(tree.nodes);
  const element = svg('svg', {
    'class': 'tree-svg', 'width': layout.width, 'height': layout.height, 'viewBox': `0 0 ${layout.width} ${layout.height}`,
    'role': 'tree', 'aria-label': `Trajectory tree of ${tree.taskId}: ${tree.nodes.length} nodes`,
  });
  const maxVisits = tree.nodes.reduce((max, node) => Math.max(max, node.visits), 1);
  const edges = svg('g', { class: 'tree-edges' });
  const nodes = svg('g', { class: 'tree-nodes' });
  const nodeElements = tree.nodes.map((node, index) => {
    const at = layout.positions[index] as TreeLayout['positions'][number];
    const parent = layout.positions[node.parent];
    if (parent) {
      const middle = (parent.x + at.x) / 2;
      const path = svg('path', { 'class': 'tree-edge', 'd': `M ${parent.x} ${parent.y} C ${middle} ${parent.y}, ${middle} ${at.y}, ${at.x} ${at.y}` });
      path.style.strokeWidth = `${1 + 5 * (node.visits / maxVisits)}px`;
      edges.append(path);
    }
    return nodeElement(node, at);
  });
  nodes.append(...nodeElements);
  element.append(edges, nodes);
  return { element, layout, nodeElements };
}

function nodeElement(node: TreeViewNode, at: { x: number; y: number; r: number }): SVGGElement {
  const classes = ['tree-node', node.key ? 'key-action' : '', node.better ? 'better' : '', node.worse ? 'worse' : '', node.parent < 0 ? 'root' : ''];
  const group = svg('g', {
    'class': classes.filter((name) => name !== '').join(' '),
    'transform': `translate(${at.x} ${at.y})`,
    'role': 'treeitem',
    'tabindex': '-1',
    'data-node-id': node.id,
    'aria-label': describeNode(node),
  });
  const circle = svg('circle', { class: 'node-circle', r: at.r.toFixed(1) });
  // The value picks the mix of the theme's red and green (see panels.css).
  circle.style.setProperty('--value', `${Math.round(node.value * 100)}%`);
  group.append(svg('title', {}, document.createTextNode(describeNode(node))));
  if (node.key) group.append(svg('circle', { class: 'key-ring', r: (at.r + 5).toFixed(1) }));
  group.append(circle);
  // Marks as `crux tree` prints them: ★ a key action, ▲ the better and ▼ the worse side.
  const marks = `${node.key ? '★' : ''}${node.better ? '▲' : ''}${node.worse ? '▼' : ''}`;
  if (marks) {
    const text = svg('text', { 'class': 'node-marks', 'x': 0, 'y': -(at.r + (node.key ? 9 : 5)), 'text-anchor': 'middle' });
    for (const mark of marks) text.append(svg('tspan', { class: mark === '★' ? 'mark-key' : mark === '▲' ? 'mark-better' : 'mark-worse' }, document.createTextNode(mark)));
    group.append(text);
  }
  group.append(
    svg('text', { 'class': 'node-visits', 'x': 0, 'y': 4, 'text-anchor': 'middle' }, document.createTextNode(String(node.visits))),
    svg('text', { 'class': 'node-label', 'x': 0, 'y': at.r + 14, 'text-anchor': 'middle' }, document.createTextNode(shortLabel(node))),
  );
  return group;
}

export function describeNode(node: TreeViewNode): string {
  const head = node.parent < 0 ? 'The task' : `Step ${node.step}: ${node.label}`;
  const marks = [node.key ? 'key action' : '', node.better ? 'better side' : '', node.worse ? 'worse side' : ''].filter((mark) => mark !== '');
  return `${head}. ${node.visits} run${node.visits === 1 ? '' : 's'}, ${node.successes} resolved, value ${node.value.toFixed(2)} [${node.low.toFixed(2)}, ${node.high.toFixed(2)}]${marks.length > 0 ? `; ${marks.join(', ')}` : ''}`;
}

function shortLabel(node: TreeViewNode): string {
  const label = node.parent < 0 ? 'task' : node.label;
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
}
