// The names of the formats Crux imports, and the contract each importer (one file per
// source format) implements. index.ts re-exports what callers need.
import type { Trajectory } from '../format';

export type SourceFormat =
  | 'auto'
  | 'crux'
  | 'swe-agent'
  | 'mini-swe-agent'
  | 'openhands'
  | 'openhands-completions'
  | 'chat'
  | 'adp-swe-gym'
  | 'adp-nebius'
  | 'adp-mini-coder'
  | 'adp-codeact'
  | 'atif';

export type KnownFormat = Exclude<SourceFormat, 'auto'>;

export const SOURCE_FORMATS: readonly SourceFormat[] = [
  'auto', 'crux', 'swe-agent', 'mini-swe-agent', 'openhands', 'openhands-completions', 'chat',
  'adp-swe-gym', 'adp-nebius', 'adp-mini-coder', 'adp-codeact', 'atif',
];

/** Where a run came from, for the header and for stable run ids. */
export interface ImportContext {
  /** The source file as the caller named it. */
  file: string;
  /** Position of the run in its file (0 for single-run files). */
  index: number;
  /** True when the file holds several runs (JSON Lines of runs). */
  multi: boolean;
  /** sha256 of the run's source text: re-importing the same bytes gives the same run id. */
  contentHash: string;
  /** The file's modification time, the creation time of runs that carry no timestamps. */
  mtimeMs: number;
}

export interface Importer {
  format: Exclude<KnownFormat, 'crux'>;
  /** Whether a parsed JSON value has this format's shape (used by --from auto). */
  detect(value: unknown, file: string): boolean;
  /** Throws ImportFormatError with a plain message when the value cannot be converted. */
  convert(value: unknown, context: ImportContext): Trajectory;
}
