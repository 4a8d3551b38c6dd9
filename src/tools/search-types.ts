// What the two search engines (ripgrep and the Node fallback) take and give back, so the
// search tool can format results the same way whichever one ran.

export interface SearchQuery {
  /** Real workspace root. */
  root: string;
  /** Workspace-relative file or folder to search ('.' for all). */
  rel: string;
  pattern: string;
  literal: boolean;
  caseInsensitive: boolean;
  /** gitignore-style glob that file paths must match (a leading "!" excludes instead). */
  glob?: string;
  /** Matches to keep. */
  maxResults: number;
  /** Stop counting here; the total is then a lower bound. */
  countLimit: number;
  signal?: AbortSignal;
}

export interface SearchMatch {
  /** Workspace-relative path with forward slashes. */
  path: string;
  line: number;
  text: string;
}

export type SearchOutcome =
  | { kind: 'matches'; matches: SearchMatch[]; total: number; totalIsLowerBound: boolean }
  /** The pattern is not a valid regular expression for the engine that tried it. */
  | { kind: 'bad-pattern'; message: string }
  /** The engine could not run (ripgrep not installed); another engine should be tried. */
  | { kind: 'unavailable'; message: string };

/** Files above this size are skipped by both engines: they are logs or data, not code. */
export const MAX_SEARCH_FILE_BYTES = 2 * 1024 * 1024;

/** Collects matches up to the cap while counting all of them up to the count limit. */
export class MatchCollector {
  readonly matches: SearchMatch[] = [];
  total = 0;

  constructor(private readonly query: Pick<SearchQuery, 'maxResults' | 'countLimit'>) {}

  /** Adds a match; false once the count limit is reached and the search should stop. */
  add(match: SearchMatch): boolean {
    this.total++;
    if (this.matches.length < this.query.maxResults) this.matches.push(match);
    return this.total < this.query.countLimit;
  }

  get full(): boolean {
    return this.total >= this.query.countLimit;
  }

  outcome(): SearchOutcome {
    return { kind: 'matches', matches: this.matches, total: this.total, totalIsLowerBound: this.full };
  }
}
