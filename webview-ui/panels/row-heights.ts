// The heights of a virtualised list's rows, estimated at first and replaced by measurements
// as rows are drawn. A Fenwick tree (binary indexed tree) keeps prefix sums, so a row's offset,
// the row at a scroll position and a height change all cost O(log n): a 2,000-row list stays
// cheap however often rows are measured.

export class RowHeights {
  private readonly tree: Float64Array;
  private readonly heights: Float64Array;
  private sum = 0;

  constructor(readonly count: number, estimate: (index: number) => number) {
    this.heights = new Float64Array(count);
    this.tree = new Float64Array(count + 1);
    for (let i = 0; i < count; i++) {
      const height = Math.max(0, estimate(i));
      this.heights[i] = height;
      this.sum += height;
      // Linear-time build: each node passes its sum on to its parent.
      this.tree[i + 1] = (this.tree[i + 1] as number) + height;
      const parent = i + 1 + ((i + 1) & -(i + 1));
      if (parent <= count) this.tree[parent] = (this.tree[parent] as number) + (this.tree[i + 1] as number);
    }
  }

  get total(): number {
    return this.sum;
  }

  heightOf(index: number): number {
    return this.heights[index] ?? 0;
  }

  /** Sets a row's height; returns how much it changed. */
  set(index: number, height: number): number {
    if (index < 0 || index >= this.count) return 0;
    const delta = Math.max(0, height) - (this.heights[index] as number);
    if (delta === 0) return 0;
    this.heights[index] = (this.heights[index] as number) + delta;
    this.sum += delta;
    for (let i = index + 1; i <= this.count; i += i & -i) this.tree[i] = (this.tree[i] as number) + delta;
    return delta;
  }

  /** The top of a row: the heights of the rows before it (index = count gives the total). */
  offsetOf(index: number): number {
    let sum = 0;
    for (let i = Math.min(Math.max(index, 0), this.count); i > 0; i -= i & -i) sum += this.tree[i] as number;
    return sum;
  }

  /** The row at a vertical offset: the last row whose top is at or above it (clamped to the
   * list; 0 for an empty one). */
  indexAt(offset: number): number {
    if (this.count === 0 || offset <= 0) return 0;
    let position = 0;
    let remaining = offset;
    for (let step = highestPowerOfTwo(this.count); step > 0; step >>= 1) {
      const next = position + step;
      if (next <= this.count && (this.tree[next] as number) <= remaining) {
        position = next;
        remaining -= this.tree[next] as number;
      }
    }
    // `position` rows end at or above the offset, so the row at it is the next one.
    return Math.min(position, this.count - 1);
  }
}

function highestPowerOfTwo(n: number): number {
  let power = 1;
  while (power * 2 <= n) power *= 2;
  return power;
}

export interface RowRange {
  first: number;
  /** Inclusive; -1 for an empty list. */
  last: number;
}

/** The rows to draw for a viewport: those it shows plus `overscan` pixels above and below, so
 * a short scroll shows rows already drawn. */
export function visibleRange(heights: RowHeights, scrollTop: number, viewportHeight: number, overscan: number): RowRange {
  if (heights.count === 0) return { first: 0, last: -1 };
  return {
    first: heights.indexAt(scrollTop - overscan),
    last: heights.indexAt(scrollTop + Math.max(viewportHeight, 1) + overscan),
  };
}

/** Where to scroll so a row sits at the top of the viewport (or centred), within bounds. */
export function scrollTopFor(heights: RowHeights, index: number, viewportHeight: number, align: 'start' | 'center'): number {
  const top = heights.offsetOf(index);
  const wanted = align === 'center' ? top - (viewportHeight - heights.heightOf(index)) / 2 : top;
  return Math.max(0, Math.min(wanted, heights.total - viewportHeight));
}
