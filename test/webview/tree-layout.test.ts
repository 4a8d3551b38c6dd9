// The tree picture's layout and its keyboard moves: columns are steps, leaves take rows in
// order, parents sit over their children, nothing overlaps, deep trees do not overflow.
import assert from 'node:assert/strict';
import { DEFAULT_LAYOUT, layoutTree, moveFrom, radiusFor, type LayoutInput } from '../../webview-ui/panels/tree/tree-layout';

//        0 (root)
//       / \
//      1   4
//     / \    \
//    2   3    5
const nodes: LayoutInput[] = [
  { parent: -1, step: 0, visits: 8 },
  { parent: 0, step: 1, visits: 6 },
  { parent: 1, step: 2, visits: 4 },
  { parent: 1, step: 2, visits: 2 },
  { parent: 0, step: 1, visits: 2 },
  { parent: 4, step: 2, visits: 2 },
];

describe('webview: trajectory tree layout', () => {
  const layout = layoutTree(nodes);
  const { margin, columnWidth, rowHeight } = DEFAULT_LAYOUT;

  it('puts each node in the column of its step and leaves on consecutive rows', () => {
    assert.deepEqual(layout.positions.map((at) => (at.x - margin) / columnWidth), [0, 1, 2, 2, 1, 2]);
    const rows = layout.positions.map((at) => (at.y - margin) / rowHeight);
    assert.deepEqual([rows[2], rows[3], rows[5]], [0, 1, 2], 'leaves in depth-first order');
    assert.equal(rows[1], 0.5, 'a parent midway between its first and last child');
    assert.equal(rows[4], 2);
    assert.equal(rows[0], 1.25);
    assert.equal(layout.width, margin * 2 + 2 * columnWidth);
    assert.equal(layout.height, margin * 2 + 2 * rowHeight);
  });

  it('never puts two nodes in the same place', () => {
    const seen = new Set(layout.positions.map((at) => `${at.x},${at.y}`));
    assert.equal(seen.size, nodes.length);
  });

  it('sizes nodes by visits, by area', () => {
    assert.equal(layout.positions[0]?.r, DEFAULT_LAYOUT.maxRadius);
    assert.equal(radiusFor(0, 8, DEFAULT_LAYOUT), DEFAULT_LAYOUT.minRadius);
    assert.ok((layout.positions[2]?.r ?? 0) > (layout.positions[3]?.r ?? 0));
    assert.ok(Math.abs(radiusFor(2, 8, DEFAULT_LAYOUT) - (DEFAULT_LAYOUT.minRadius + (DEFAULT_LAYOUT.maxRadius - DEFAULT_LAYOUT.minRadius) / 2)) < 1e-9);
  });

  it('lays out a 2,000-step chain without recursion', () => {
    const chain: LayoutInput[] = Array.from({ length: 2001 }, (_, i) => ({ parent: i - 1, step: i, visits: 1 }));
    const deep = layoutTree(chain);
    assert.equal(deep.positions.length, 2001);
    assert.ok(deep.positions.every((at) => at.y === margin), 'a chain is one row');
  });

  it('moves with the keyboard: parent, first child, same step up and down, root, deepest', () => {
    assert.equal(moveFrom(2, 'ArrowLeft', nodes, layout), 1);
    assert.equal(moveFrom(0, 'ArrowLeft', nodes, layout), 0, 'the root has no parent');
    assert.equal(moveFrom(0, 'ArrowRight', nodes, layout), 1);
    assert.equal(moveFrom(2, 'ArrowRight', nodes, layout), 2, 'a leaf has no child');
    assert.equal(moveFrom(2, 'ArrowDown', nodes, layout), 3);
    assert.equal(moveFrom(3, 'ArrowDown', nodes, layout), 5, 'across to a cousin at the same step');
    assert.equal(moveFrom(5, 'ArrowDown', nodes, layout), 5);
    assert.equal(moveFrom(4, 'ArrowUp', nodes, layout), 1);
    assert.equal(moveFrom(5, 'Home', nodes, layout), 0);
    assert.equal(moveFrom(0, 'End', nodes, layout), 2);
  });
});
