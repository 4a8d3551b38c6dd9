// The measuring of a virtualised list: prefix sums, the row at an offset, updates, and the
// range of rows drawn for a viewport, checked against a plain array on random heights.
import assert from 'node:assert/strict';
import { RowHeights, scrollTopFor, visibleRange } from '../../webview-ui/panels/row-heights';
import { seededRandom } from '../align/synthetic';

/** The obvious O(n) answers, to compare the tree with. */
function naive(heights: number[]) {
  const offsetOf = (index: number) => heights.slice(0, index).reduce((sum, h) => sum + h, 0);
  const indexAt = (offset: number) => {
    if (heights.length === 0 || offset <= 0) return 0;
    let top = 0;
    for (let i = 0; i < heights.length; i++) {
      if (offset < top + (heights[i] as number)) return i;
      top += heights[i] as number;
    }
    return heights.length - 1;
  };
  return { offsetOf, indexAt };
}

describe('webview: row heights of a virtualised list', () => {
  it('answers offsets and the row at an offset like a plain array, before and after updates', () => {
    const random = seededRandom(7);
    const heights = Array.from({ length: 2000 }, () => 20 + Math.floor(random() * 400));
    const rows = new RowHeights(heights.length, (index) => heights[index] as number);
    for (let round = 0; round < 3; round++) {
      const check = naive(heights);
      assert.equal(rows.total, check.offsetOf(heights.length));
      for (let probe = 0; probe < 300; probe++) {
        const index = Math.floor(random() * heights.length);
        assert.equal(rows.offsetOf(index), check.offsetOf(index), `offset of ${index}`);
        const offset = random() * rows.total;
        assert.equal(rows.indexAt(offset), check.indexAt(offset), `row at ${offset}`);
      }
      // Measurements replace estimates in random places.
      for (let update = 0; update < 200; update++) {
        const index = Math.floor(random() * heights.length);
        const height = Math.floor(random() * 600);
        const delta = rows.set(index, height);
        assert.equal(delta, height - (heights[index] as number));
        heights[index] = height;
      }
    }
  });

  it('puts an offset on a row boundary in the row that starts there', () => {
    const rows = new RowHeights(3, () => 10);
    assert.equal(rows.indexAt(0), 0);
    assert.equal(rows.indexAt(9.9), 0);
    assert.equal(rows.indexAt(10), 1);
    assert.equal(rows.indexAt(29), 2);
    assert.equal(rows.indexAt(1000), 2, 'past the end: the last row');
    assert.equal(rows.indexAt(-5), 0);
    assert.equal(rows.offsetOf(3), 30);
  });

  it('handles an empty list and rows of no height', () => {
    const empty = new RowHeights(0, () => 10);
    assert.equal(empty.total, 0);
    assert.equal(empty.indexAt(50), 0);
    assert.deepEqual(visibleRange(empty, 0, 500, 100), { first: 0, last: -1 });
    const zeros = new RowHeights(4, (index) => (index === 1 || index === 2 ? 0 : 10));
    assert.equal(zeros.indexAt(10), 3, 'zero-height rows are skipped');
    assert.equal(zeros.set(9, 5), 0, 'out of range: nothing changes');
  });

  it('draws only the rows of the viewport and its margin, however long the list', () => {
    const rows = new RowHeights(2000, () => 100);
    assert.deepEqual(visibleRange(rows, 0, 800, 200), { first: 0, last: 10 });
    assert.deepEqual(visibleRange(rows, 100_000, 800, 200), { first: 998, last: 1010 });
    assert.deepEqual(visibleRange(rows, 199_200, 800, 200), { first: 1990, last: 1999 });
    const drawn = visibleRange(rows, 50_000, 900, 600);
    assert.ok(drawn.last - drawn.first + 1 <= 22, 'a screenful plus the margins');
  });

  it('scrolls a row to the top or the centre, never past the ends', () => {
    const rows = new RowHeights(100, () => 50);
    assert.equal(scrollTopFor(rows, 10, 500, 'start'), 500);
    assert.equal(scrollTopFor(rows, 10, 500, 'center'), 275);
    assert.equal(scrollTopFor(rows, 0, 500, 'center'), 0);
    assert.equal(scrollTopFor(rows, 99, 500, 'start'), 4500, 'the last screenful');
  });
});
