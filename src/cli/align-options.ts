// Options shared by `crux tree`, `crux pairs`, `crux sft` and `crux stats`: the filters, the
// significance test and the normalisation of canonical actions (docs/sealign.md explains each).
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { defaultAlignConfig, DEFAULT_SIGNIFICANCE, type AlignConfig, type NormalizationConfig } from '../align/config';
import type { ExportOptions, ToolsStyle } from '../align/pairs';
import type { ArgumentsStyle } from '../align/messages';
import { addSourceOptions, type SourceCliOptions } from './align-sources';
import { UsageError } from './exit-codes';
import { intOption, numberOption } from './options';

export interface AlignCliOptions extends SourceCliOptions {
  minGap: number;
  minVisits: number;
  z: number;
  excludeRepo: string[];
  excludeReposFile?: string;
  stuckFilter: boolean;
  outlierFilter: boolean;
  outlierK: number;
  ignoreArg: string[];
  whitespace?: NormalizationConfig['whitespace'];
  keepIds: boolean;
  keepTempPaths: boolean;
  normalization?: string;
}

export interface ExportCliOptions {
  arguments: ArgumentsStyle;
  tools: ToolsStyle;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function choice<T extends string>(name: string, values: readonly T[]): (value: string) => T {
  return (value) => {
    const found = values.find((candidate) => candidate === value);
    if (!found) throw new InvalidArgumentError(`${name} takes one of ${values.join(', ')}.`);
    return found;
  };
}

/** The options every alignment command takes; `significance` adds --min-gap/--min-visits/--z. */
export function addAlignOptions(command: Command, significance: boolean): Command {
  if (significance) {
    command
      .option('--min-gap <g>', 'least difference in success rate between sibling actions', numberOption('--min-gap', 0, 1), DEFAULT_SIGNIFICANCE.minGap)
      .option('--min-visits <n>', 'least runs through each of the two sibling actions', intOption('--min-visits', 1), DEFAULT_SIGNIFICANCE.minVisits)
      .option('--z <z>', 'normal quantile of the Wilson intervals (1.645: 90%, 1.96: 95%, 2.576: 99%)', numberOption('--z', 0.1, 10), DEFAULT_SIGNIFICANCE.z);
  }
  return addSourceOptions(command)
    .option('--exclude-repo <owner/name>', 'leave out a repository (repeatable; owner/* for an owner)', collect, [])
    .option('--exclude-repos-file <file>', 'leave out the repositories listed in a file, one per line')
    .option('--no-stuck-filter', 'keep runs the loop watch marks stuck')
    .option('--no-outlier-filter', 'keep runs of outlier length')
    .option('--outlier-k <k>', "Tukey fence multiplier for outlier lengths", numberOption('--outlier-k', 0.5, 100), 3)
    .option('--ignore-arg <name>', 'also ignore this tool argument when comparing actions (repeatable)', collect, [])
    .option('--whitespace <mode>', 'whitespace in arguments: smart|collapse|exact (default: smart)', choice('--whitespace', ['smart', 'collapse', 'exact'] as const))
    .option('--keep-ids', 'compare volatile ids (UUIDs, call ids, timestamps) as written', false)
    .option('--keep-temp-paths', 'compare temp paths as written', false)
    .option('--normalization <file>', 'a JSON file with the whole normalisation config (see docs/sealign.md)');
}

export function addExportOptions(command: Command): Command {
  return command
    .option('--arguments <style>', 'tool-call arguments as JSON objects (chat templates) or strings (OpenAI files): object|string',
      choice('--arguments', ['object', 'string'] as const), 'object')
    .option('--tools <style>', 'tool schemas on each line: list|string|none', choice('--tools', ['list', 'string', 'none'] as const), 'list');
}

function readRepositoryList(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return text.split('\n').map((line) => line.replace(/#.*/, '').trim()).filter((line) => line !== '');
}

function readNormalization(file: string, base: NormalizationConfig): NormalizationConfig {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read the normalisation config ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${file} must hold a JSON object`);
  const merged = { ...base, ...(value as Partial<NormalizationConfig>) };
  if (!Array.isArray(merged.ignoreArguments) || !merged.ignoreArguments.every((key) => typeof key === 'string')) {
    throw new UsageError(`${file}: ignoreArguments must be a list of strings`);
  }
  if (!['smart', 'collapse', 'exact'].includes(merged.whitespace)) throw new UsageError(`${file}: whitespace must be smart, collapse or exact`);
  if (!Array.isArray(merged.replacements)) throw new UsageError(`${file}: replacements must be a list`);
  for (const replacement of merged.replacements) {
    try {
      new RegExp(replacement.pattern, 'g');
    } catch (error) {
      throw new UsageError(`${file}: bad pattern ${JSON.stringify(replacement.pattern)}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (typeof replacement.replacement !== 'string') throw new UsageError(`${file}: each replacement needs a "replacement" string`);
  }
  return { ...merged, volatileIds: merged.volatileIds !== false, tempPaths: merged.tempPaths !== false };
}

export function alignConfigFrom(options: Partial<AlignCliOptions>): AlignConfig {
  const config = defaultAlignConfig();
  if (options.minGap !== undefined) config.significance.minGap = options.minGap;
  if (options.minVisits !== undefined) config.significance.minVisits = options.minVisits;
  if (options.z !== undefined) config.significance.z = options.z;
  config.filters.excludeRepositories = [...(options.excludeRepo ?? []), ...(options.excludeReposFile ? readRepositoryList(options.excludeReposFile) : [])];
  config.filters.dropStuck = options.stuckFilter !== false;
  config.filters.outlier = options.outlierFilter === false ? null : { k: options.outlierK ?? 3, minRuns: config.filters.outlier?.minRuns ?? 5 };
  let normalization = config.normalization;
  if (options.normalization) normalization = readNormalization(options.normalization, normalization);
  normalization.ignoreArguments = [...normalization.ignoreArguments, ...(options.ignoreArg ?? [])];
  if (options.whitespace) normalization.whitespace = options.whitespace;
  if (options.keepIds) normalization.volatileIds = false;
  if (options.keepTempPaths) normalization.tempPaths = false;
  config.normalization = normalization;
  return config;
}

export function exportOptionsFrom(options: ExportCliOptions): ExportOptions {
  return { arguments: options.arguments, tools: options.tools };
}
