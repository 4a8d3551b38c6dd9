// Every knob of the alignment pipeline in one place, with the defaults docs/sealign.md
// justifies. The paper leaves these choices open; here they are explicit and overridable.
import { Z_95 } from './wilson';

/** How a tool call's arguments are put in canonical form before two steps are compared. */
export interface NormalizationConfig {
  /** Argument keys dropped before comparing: free text that does not change what a call does. */
  ignoreArguments: string[];
  /** smart: one-line strings have runs of spaces collapsed and ends trimmed, multi-line strings
   * keep their indentation (it matters in Python) but lose trailing spaces, CRLF and blank
   * edge lines; collapse: every run of whitespace becomes one space; exact: nothing changes. */
  whitespace: 'smart' | 'collapse' | 'exact';
  /** UUIDs, tool-call ids (call_…, toolu_…), ISO timestamps and 32+ digit hex strings. */
  volatileIds: boolean;
  /** Random temp directories (/tmp/tmpab12cd, macOS /var/folders/…/T/…, Windows …\Temp\…). */
  tempPaths: boolean;
  /** Extra regular expressions (JavaScript syntax, applied globally to every string value). */
  replacements: { pattern: string; replacement: string }[];
}

/** The filters applied before scoring. Each excluded run is counted under its first reason. */
export interface FilterConfig {
  /** Repositories left out (SEAlign excludes every repository of an evaluation set): "owner/name"
   * matched against the run's remote and against SWE-bench style task ids ("owner__name-123"). */
  excludeRepositories: string[];
  /** Drop runs the loop watch marks stuck (loops without progress). */
  dropStuck: boolean;
  /** Tukey's fences on the number of steps per task; null turns the outlier filter off. */
  outlier: { k: number; minRuns: number } | null;
}

/** When a decision point counts as a key action. */
export interface SignificanceConfig {
  /** Runs required through each of the two children compared. */
  minVisits: number;
  /** Least difference in success rate between the two children. */
  minGap: number;
  /** Normal quantile of the Wilson intervals, which must not overlap. */
  z: number;
}

export interface AlignConfig {
  normalization: NormalizationConfig;
  filters: FilterConfig;
  significance: SignificanceConfig;
}

export const DEFAULT_NORMALIZATION: NormalizationConfig = {
  ignoreArguments: ['thought', 'reasoning'],
  whitespace: 'smart',
  volatileIds: true,
  tempPaths: true,
  replacements: [],
};

export const DEFAULT_FILTERS: FilterConfig = {
  excludeRepositories: [],
  dropStuck: true,
  // k = 3 is Tukey's "far out" fence: only lengths far from the task's usual ones go.
  outlier: { k: 3, minRuns: 5 },
};

export const DEFAULT_SIGNIFICANCE: SignificanceConfig = {
  // 4 is the fewest runs at which a 95% Wilson interval can separate 4/4 from 0/4 at all.
  minVisits: 4,
  // Below 0.2 a pair teaches a preference the runs barely show, even when it is significant.
  minGap: 0.2,
  z: Z_95,
};

export function defaultAlignConfig(): AlignConfig {
  return {
    normalization: { ...DEFAULT_NORMALIZATION, ignoreArguments: [...DEFAULT_NORMALIZATION.ignoreArguments], replacements: [] },
    filters: { ...DEFAULT_FILTERS, excludeRepositories: [], outlier: DEFAULT_FILTERS.outlier ? { ...DEFAULT_FILTERS.outlier } : null },
    significance: { ...DEFAULT_SIGNIFICANCE },
  };
}
