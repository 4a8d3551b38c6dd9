// A list that draws only the rows in view (plus a margin), for runs of thousands of steps.
// Rows start at an estimated height and are measured once drawn; a ResizeObserver catches
// later changes (a collapsed observation opened, the panel made narrower). When rows above the
// viewport change height, the scroll position moves by the same amount, so what the user reads
// stays where it is.
import { RowHeights, scrollTopFor, visibleRange } from './row-heights';

export interface RowSource {
  count: number;
  estimate(index: number): number;
  render(index: number): HTMLElement;
}

/** Pixels drawn above and below the viewport. */
const OVERSCAN_PX = 600;

export class VirtualList {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private heights = new RowHeights(0, () => 0);
  /** Rows measured at least once; the others still have their estimate. */
  private measured = new Uint8Array(0);
  private source: RowSource = { count: 0, estimate: () => 0, render: () => document.createElement('div') };
  private readonly rows = new Map<number, HTMLElement>();
  private readonly indexOf = new WeakMap<Element, number>();
  private readonly observer: ResizeObserver;
  private frame = 0;

  constructor(label: string, className: string) {
    this.element = document.createElement('div');
    this.element.className = `vlist ${className}`;
    this.element.setAttribute('tabindex', '0');
    this.element.setAttribute('aria-label', label);
    this.spacer = document.createElement('div');
    this.spacer.className = 'vlist-spacer';
    this.element.append(this.spacer);
    this.observer = new ResizeObserver((entries) => this.resized(entries));
    this.element.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  /** Replaces the rows (a new run); the list scrolls back to the top. */
  setSource(source: RowSource): void {
    this.source = source;
    this.heights = new RowHeights(source.count, (index) => source.estimate(index));
    this.measured = new Uint8Array(source.count);
    for (const row of this.rows.values()) this.removeRow(row);
    this.rows.clear();
    this.element.scrollTop = 0;
    this.update();
  }

  /** Draws one row again (its content changed). */
  redraw(index: number): void {
    const row = this.rows.get(index);
    if (!row) return;
    this.removeRow(row);
    this.rows.delete(index);
    this.update();
  }

  /** A better guess for rows not measured yet (their data arrived); drawn rows are drawn
   * again. The scroll position keeps what is in view in place. */
  updateRows(first: number, last: number): void {
    const anchor = this.firstVisible();
    const anchorOffset = this.heights.offsetOf(anchor);
    for (let index = first; index <= last && index < this.heights.count; index++) {
      if (this.measured[index] === 0) this.heights.set(index, this.source.estimate(index));
      const row = this.rows.get(index);
      if (row) {
        this.removeRow(row);
        this.rows.delete(index);
      }
    }
    const shift = this.heights.offsetOf(anchor) - anchorOffset;
    if (shift !== 0) this.element.scrollTop += shift;
    this.update();
  }

  scrollToIndex(index: number, align: 'start' | 'center' = 'start'): void {
    if (index < 0 || index >= this.heights.count) return;
    this.element.scrollTop = scrollTopFor(this.heights, index, this.element.clientHeight, align);
    this.update();
    // Drawing the row measured it (and perhaps rows above it): aim again with real heights.
    this.element.scrollTop = scrollTopFor(this.heights, index, this.element.clientHeight, align);
    this.update();
  }

  /** The first row at least partly in view. */
  firstVisible(): number {
    return this.heights.indexAt(this.element.scrollTop);
  }

  /** The drawn row of an index, if it is drawn. */
  rowAt(index: number): HTMLElement | undefined {
    return this.rows.get(index);
  }

  private schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.update();
    });
  }

  private update(): void {
    const range = visibleRange(this.heights, this.element.scrollTop, this.element.clientHeight, OVERSCAN_PX);
    for (const [index, row] of this.rows) {
      if (index < range.first || index > range.last) {
        this.removeRow(row);
        this.rows.delete(index);
      }
    }
    const added: [number, HTMLElement][] = [];
    for (let index = range.first; index <= range.last; index++) {
      if (this.rows.has(index)) continue;
      const row = this.source.render(index);
      row.classList.add('vlist-row');
      row.setAttribute('aria-posinset', String(index + 1));
      row.setAttribute('aria-setsize', String(this.heights.count));
      this.indexOf.set(row, index);
      this.rows.set(index, row);
      this.element.append(row);
      added.push([index, row]);
    }
    // Measure after every new row is in the document: one layout for the batch.
    const changed = added.map(([index, row]) => {
      this.measured[index] = 1;
      return this.heights.set(index, row.offsetHeight);
    }).some((delta) => delta !== 0);
    for (const [, row] of added) this.observer.observe(row);
    this.layout();
    if (changed) {
      // Estimates were off: the range may now need more (or fewer) rows.
      const again = visibleRange(this.heights, this.element.scrollTop, this.element.clientHeight, OVERSCAN_PX);
      if (again.first !== range.first || again.last !== range.last) this.schedule();
    }
  }

  private resized(entries: ResizeObserverEntry[]): void {
    const anchor = this.firstVisible();
    const anchorOffset = this.heights.offsetOf(anchor);
    let changed = false;
    for (const entry of entries) {
      const index = this.indexOf.get(entry.target);
      if (index === undefined || this.rows.get(index) !== entry.target) continue;
      if (this.heights.set(index, (entry.target as HTMLElement).offsetHeight) !== 0) changed = true;
    }
    if (!changed) return;
    const shift = this.heights.offsetOf(anchor) - anchorOffset;
    this.layout();
    if (shift !== 0) this.element.scrollTop += shift;
    this.schedule();
  }

  private layout(): void {
    this.spacer.style.height = `${this.heights.total}px`;
    for (const [index, row] of this.rows) row.style.transform = `translateY(${this.heights.offsetOf(index)}px)`;
  }

  private removeRow(row: HTMLElement): void {
    this.observer.unobserve(row);
    row.remove();
  }
}
