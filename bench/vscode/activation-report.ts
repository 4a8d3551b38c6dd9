// The line the activation runner (in the extension host) prints for the benchmark to read.
export const REPORT_PREFIX = 'CRUX_BENCH_ACTIVATION ';

export interface ActivationReport {
  /** When the runner started (ms since the epoch): the extension host is up. */
  hostReady: number;
  /** activate() of each extension, code loading included (ms). */
  empty: number;
  crux: number;
}
