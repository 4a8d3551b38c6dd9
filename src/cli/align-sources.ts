// Opens the runs an alignment command reads: checks the paths, wires the importer (other
// agents' formats), the loop watch (the stuck filter and stuck rate) and worker threads, and
// indexes the files.
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createRunImporter, loopWatchStuck } from '../align/adapters';
import { defaultAlignConfig, type AlignConfig } from '../align/config';
import { createPool, indexFiles, type PipelineOptions, type RunSet } from '../align/pipeline';
import { listTrajectoryFiles, type SourceError } from '../align/source';
import { LabelError, readOutcomeLabels, SOURCE_FORMATS, type OutcomeLabels, type SourceFormat } from '../trajectory/import';
import { UsageError } from './exit-codes';
import { parseSourceFormat } from './import-command';
import { intOption } from './options';
import { loadWatchConfig } from './watch-options';
import { isTeamUrl } from '../team/url';
import { openTeamRuns } from './team-sources';

export interface SourceCliOptions {
  from: SourceFormat;
  labels: string[];
  loopConfig?: string;
  jobs?: number;
}

/** Below this many files, starting worker threads costs more than it saves. */
const PARALLEL_FROM_FILES = 1000;

/** --from, --labels and --loop-config, taken by every alignment command. */
export function addSourceOptions(command: Command): Command {
  return command
    .option('--from <format>', `the format of files that are not Crux trajectories: ${SOURCE_FORMATS.join('|')}`, parseSourceFormat, 'auto')
    .option('--labels <file>', 'outcome labels: an sb-cli report, a SWE-bench report (JSON or Markdown) or a MANIFEST-style list; repeatable',
      (value: string, previous: string[]) => [...previous, value], [])
    .option('--loop-config <file>', 'loop-watch settings for the stuck filter and stuck rate (JSON; see docs/loop-watch.md)')
    .option('--jobs <n>', `worker threads reading runs (0: none; default: up to 4 from ${PARALLEL_FROM_FILES} files)`, intOption('--jobs', 0, 64));
}

export interface OpenedRuns {
  set: RunSet;
  deps: Pick<PipelineOptions, 'importer' | 'isStuck' | 'pool'>;
  /** Stops the worker threads, if any. */
  close(): Promise<void>;
}

/** Checks the paths, wires the importer, the loop watch and (for many runs) worker threads,
 * and indexes the runs. `config` null: metrics only (`crux stats`), which always ask the loop
 * watch. The caller must close() what it opened. */
export async function openRuns(paths: readonly string[], options: SourceCliOptions, config: AlignConfig | null): Promise<OpenedRuns> {
  const resolved: string[] = [];
  for (const path of paths) {
    if (isTeamUrl(path)) continue;
    const full = resolve(path);
    if (!(await stat(full).catch(() => undefined))) throw new UsageError(`${full} does not exist`);
    resolved.push(full);
  }
  const labels = await readLabelsOption(options.labels);
  const importerOptions = { from: options.from, ...(labels ? { labels } : {}) };
  const watch = await loadWatchConfig(options.loopConfig);
  const importer = createRunImporter(importerOptions);
  if (paths.some(isTeamUrl)) return openTeamRuns(paths, importer, loopWatchStuck(watch));
  const files = await listTrajectoryFiles(resolved);
  const workers = options.jobs ?? (files.length >= PARALLEL_FROM_FILES ? Math.min(4, availableParallelism()) : 0);
  const pool = createPool(workers, config ?? defaultAlignConfig(), {
    importer: importerOptions, watch: config === null || config.filters.dropStuck ? watch : null,
  });
  try {
    const set = await indexFiles(files, importer, pool);
    return { set, deps: { importer, isStuck: loopWatchStuck(watch), pool }, close: async () => pool?.close() };
  } catch (error) {
    await pool?.close();
    throw error;
  }
}

/** The message for a set with no runs (nothing is written then), or null. */
export function noRunsMessage(set: RunSet, paths: readonly string[]): string | null {
  if (set.index.refs.length > 0) return null;
  const unreadable = set.index.errors.length > 0 ? ` (${set.index.errors.length} files could not be read as runs)` : '';
  return `crux: no runs found in ${paths.join(', ')}${unreadable}`;
}

/** "1 pair", "2 pairs". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The exit code once the good inputs are done: 1 when any input could not be read, so a
 * script notices the loss (the output written from the good ones stays). */
export function exitAfterInputs(errors: readonly unknown[], note: (line: string) => void): number {
  if (errors.length === 0) return 0;
  note(`crux: ${count(errors.length, 'input file')} could not be read (listed above); everything else was processed`);
  return 1;
}

/** The outcome labels named by --labels (none: undefined); a bad file is a usage error. */
export async function readLabelsOption(files: readonly string[]): Promise<OutcomeLabels | undefined> {
  if (files.length === 0) return undefined;
  try {
    return await readOutcomeLabels(files.map((file) => resolve(file)));
  } catch (error) {
    if (error instanceof LabelError) throw new UsageError(error.message);
    throw error;
  }
}

/** One line per unreadable file (the first few), for stderr. */
export function describeErrors(errors: readonly SourceError[], limit = 5): string[] {
  if (errors.length === 0) return [];
  const lines = errors.slice(0, limit).map((error) => `crux: skipped ${error.file}: ${error.error}`);
  if (errors.length > limit) lines.push(`crux: … and ${errors.length - limit} more unreadable files`);
  return lines;
}
