// Where each node of a trajectory tree is drawn. Steps run left to right (a node's column is
// its step), leaves take consecutive rows in depth-first order, and a parent sits midway
// between its first and last child, so no two nodes overlap and the picture reads like
// `crux tree` turned on its side. Pure: nodes in, coordinates out.

export interface LayoutInput {
  /** Index of the parent; -1 for the root. Parents come before their children. */
  parent: number;
  step: number;
  visits: number;
}

export interface LayoutOptions {
  columnWidth: number;
  rowHeight: number;
  /** Space around the drawing. */
  margin: number;
  minRadius: number;
  maxRadius: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { columnWidth: 150, rowHeight: 64, margin: 40, minRadius: 6, maxRadius: 18 };

export interface NodePosition {
  x: number;
  y: number;
  r: number;
}

export interface TreeLayout {
  positions: NodePosition[];
  children: number[][];
  width: number;
  height: number;
}

export function childrenOf(nodes: readonly LayoutInput[]): number[][] {
  const children: number[][] = nodes.map(() => []);
  nodes.forEach((node, index) => {
    if (node.parent >= 0) children[node.parent]?.push(index);
  });
  return children;
}

export function layoutTree(nodes: readonly LayoutInput[], options: LayoutOptions = DEFAULT_LAYOUT): TreeLayout {
  const children = childrenOf(nodes);
  const rows = new Float64Array(nodes.length);
  let nextLeaf = 0;
  // Depth-first without recursion (a 2,000-step chain would overflow the stack): children are
  // placed before their parent is centred over them.
  const roots = nodes.map((node, index) => (node.parent < 0 ? index : -1)).filter((index) => index >= 0);
  for (const root of roots) {
    const stack: { index: number; visited: boolean }[] = [{ index: root, visited: false }];
    while (stack.length > 0) {
      const top = stack.pop() as { index: number; visited: boolean };
      const kids = children[top.index] as number[];
      if (kids.length === 0) {
        rows[top.index] = nextLeaf++;
      } else if (top.visited) {
        rows[top.index] = ((rows[kids[0] as number] as number) + (rows[kids[kids.length - 1] as number] as number)) / 2;
      } else {
        stack.push({ index: top.index, visited: true });
        for (let i = kids.length - 1; i >= 0; i--) stack.push({ index: kids[i] as number, visited: false });
      }
    }
  }
  const maxVisits = nodes.reduce((max, node) => Math.max(max, node.visits), 1);
  const maxStep = nodes.reduce((max, node) => Math.max(max, node.step), 0);
  const positions = nodes.map((node, index) => ({
    x: options.margin + node.step * options.columnWidth,
    y: options.margin + (rows[index] as number) * options.rowHeight,
    r: radiusFor(node.visits, maxVisits, options),
  }));
  return {
    positions,
    children,
    width: options.margin * 2 + maxStep * options.columnWidth,
    height: options.margin * 2 + Math.max(0, nextLeaf - 1) * options.rowHeight,
  };
}

/** Area grows with visits (radius with the square root), between the two bounds. */
export function radiusFor(visits: number, maxVisits: number, options: Pick<LayoutOptions, 'minRadius' | 'maxRadius'>): number {
  const share = maxVisits > 0 ? Math.sqrt(Math.max(0, visits) / maxVisits) : 0;
  return options.minRadius + (options.maxRadius - options.minRadius) * share;
}

export type TreeKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

/** Keyboard moves: left to the parent, right to the first child, up and down to the nearest
 * node above or below at the same step (siblings first, since they are nearest), Home to the
 * root, End to the deepest node down the first children. */
export function moveFrom(current: number, key: TreeKey, nodes: readonly LayoutInput[], layout: TreeLayout): number {
  const node = nodes[current];
  if (!node) return current;
  switch (key) {
    case 'ArrowLeft':
      return node.parent >= 0 ? node.parent : current;
    case 'ArrowRight':
      return layout.children[current]?.[0] ?? current;
    case 'Home':
      return nodes.findIndex((candidate) => candidate.parent < 0);
    case 'End': {
      let end = current;
      while ((layout.children[end]?.length ?? 0) > 0) end = layout.children[end]?.[0] as number;
      return end;
    }
    case 'ArrowUp':
    case 'ArrowDown':
      return sameColumn(current, key === 'ArrowUp' ? -1 : 1, nodes, layout);
  }
}

function sameColumn(current: number, direction: -1 | 1, nodes: readonly LayoutInput[], layout: TreeLayout): number {
  const here = layout.positions[current] as NodePosition;
  let best = current;
  let bestDistance = Number.POSITIVE_INFINITY;
  nodes.forEach((candidate, index) => {
    const at = layout.positions[index] as NodePosition;
    if (index === current || at.x !== here.x) return;
    const distance = (at.y - here.y) * direction;
    if (distance > 0 && distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}
