// The shape every benchmark returns, so `npm run bench` can print them together.
export interface BenchReport {
  name: string;
  /** One line saying the result against its baseline and target, e.g.
   * "client 531k tok/s vs SDK 74k tok/s (7.2x), target ≥50k tok/s and ≤10% overhead: met". */
  summary: string;
  /** A table: one object per row, the same keys in each. */
  rows: Record<string, string | number>[];
}
