// The run loader: reads runs of any supported agent (and Crux's own trajectories) from files
// and folders, as Crux trajectories. `crux import`, `crux show`, `crux replay`, the loop watch
// and the alignment pipeline all read runs through here. docs/importing.md describes each
// source format and how its actions map.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Trajectory } from '../format';
import type { OutcomeLabels } from './labels';
import { loadFile } from './load-file';
import type { KnownFormat, SourceFormat } from './types';

export type { SourceFormat } from './types';
export { SOURCE_FORMATS } from './types';
export type { OutcomeLabel, OutcomeLabels } from './labels';
export { readOutcomeLabels, LabelError } from './labels';

export interface LoadedRun {
  file: string;
  /** Position when one file holds several runs (JSON Lines of runs); 0 otherwise. */
  index: number;
  format: KnownFormat;
  trajectory: Trajectory;
}

export interface LoadError {
  file: string;
  error: string;
}

export interface LoadOptions {
  /** The format of every file; 'auto' (the default) recognises each file by its content. */
  from?: SourceFormat;
  /** Outcome labels, e.g. an sb-cli report or a MANIFEST (see readOutcomeLabels). */
  labels?: OutcomeLabels;
}

/** Files with these endings are considered when walking a folder; others are skipped. */
const RUN_FILE = /\.(json|jsonl|ndjson|traj)$/i;

export function isLoadError(item: LoadedRun | LoadError): item is LoadError {
  return 'error' in item;
}

/** Loads every run under the given files and folders (recursively). Non-run files found in
 * folders (READMEs, manifests, reports, configs) are skipped quietly; files that look like
 * runs but fail are listed in `errors`, and never stop the others. */
export async function loadRuns(paths: string[], options: LoadOptions = {}): Promise<{ runs: LoadedRun[]; errors: LoadError[] }> {
  const runs: LoadedRun[] = [];
  const errors: LoadError[] = [];
  for await (const item of iterateRuns(paths, options)) {
    if (isLoadError(item)) errors.push(item);
    else runs.push(item);
  }
  return { runs, errors };
}

/** The streaming form of loadRuns: one file is read at a time, runs come out as they load. */
export async function* iterateRuns(paths: string[], options: LoadOptions = {}): AsyncIterable<LoadedRun | LoadError> {
  const from = options.from ?? 'auto';
  for (const path of paths) {
    let isFolder: boolean;
    try {
      isFolder = (await stat(path)).isDirectory();
    } catch (error) {
      yield { file: path, error: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
      continue;
    }
    if (!isFolder) {
      yield* loadFile(path, { from, labels: options.labels, explicit: true });
      continue;
    }
    for await (const file of walk(path)) yield* loadFile(file, { from, labels: options.labels, explicit: false });
  }
}

/** Files under a folder in a stable (sorted) order; hidden entries and node_modules skipped. */
async function* walk(folder: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile() && RUN_FILE.test(entry.name)) yield path;
  }
}
