// Loading one file: a Crux trajectory, one run as a JSON document, or JSON Lines (one run per
// line, or one chat message per line). Files that are not runs are skipped quietly when they
// were found by walking a folder; files that look like runs but cannot be read are reported,
// each on its own, and never stop the others.
import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { readTrajectoryFile } from '../jsonl';
import { describeKeys, isObject } from './json';
import { applyLabel, labelFor, type OutcomeLabels } from './labels';
import { importerFor, looksLikeRun, sniff } from './sniff';
import type { Importer, SourceFormat } from './types';
import type { LoadedRun, LoadError } from './index';

export interface FileOptions {
  from: SourceFormat;
  labels: OutcomeLabels | undefined;
  /** Named by the caller (not found by walking a folder): unknown content is an error. */
  explicit: boolean;
}

type Result = LoadedRun | LoadError;

export async function* loadFile(file: string, options: FileOptions): AsyncGenerator<Result> {
  let text: string;
  let mtimeMs: number;
  try {
    // Crux run files are streamed line by line: they can grow past what one string can hold.
    if (options.from === 'crux' || (options.from === 'auto' && isCruxText(await firstLine(file)))) {
      yield await cruxFile(file, options.labels);
      return;
    }
    text = await readFile(file, 'utf8');
    mtimeMs = (await stat(file)).mtimeMs;
  } catch (error) {
    yield { file, error: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
    return;
  }
  let value: unknown;
  let whole = true;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    whole = false;
    if (!/\n\s*[[{]/.test(text.trim())) {
      yield { file, error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
      return;
    }
  }
  const context = { file, mtimeMs };
  if (whole) {
    const outcome = convert(value, { ...context, index: 0, multi: false, contentHash: hash(text) }, options);
    if (outcome) yield outcome;
    return;
  }
  yield* jsonLines(text, context, options);
}

function* jsonLines(text: string, context: { file: string; mtimeMs: number }, options: FileOptions): Generator<Result> {
  const lines = text.split('\n').map((line, number) => ({ line, number: number + 1 })).filter(({ line }) => line.trim() !== '');
  const parsed = lines.map(({ line, number }) => ({ number, line, ...parseLine(line) }));
  // A file whose first line is no JSON value is corrupt JSON, not JSON Lines.
  if (parsed[0]?.error !== undefined) {
    yield { file: context.file, error: `not valid JSON (${parsed[0].error})` };
    return;
  }
  const values = parsed.filter((entry) => entry.error === undefined).map((entry) => entry.value);
  // One chat message per line: the whole file is one transcript.
  if ((options.from === 'auto' || options.from === 'chat') && values.every((value) => isObject(value) && typeof value.role === 'string')) {
    for (const entry of parsed) if (entry.error !== undefined) yield { file: context.file, error: `line ${entry.number} is not valid JSON (${entry.error})` };
    const outcome = convert(values, { ...context, index: 0, multi: false, contentHash: hash(text) }, { ...options, from: 'chat' });
    if (outcome) yield outcome;
    return;
  }
  let index = 0;
  for (const entry of parsed) {
    if (entry.error !== undefined) {
      yield { file: context.file, error: `line ${entry.number} is not valid JSON (${entry.error})` };
      continue;
    }
    const outcome = convert(entry.value, { ...context, index, multi: true, contentHash: hash(entry.line) }, options, `line ${entry.number}: `);
    if (outcome) {
      yield outcome;
      if (!('error' in outcome)) index++;
    }
  }
}

function parseLine(line: string): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(line) as unknown };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

interface Context {
  file: string;
  index: number;
  multi: boolean;
  contentHash: string;
  mtimeMs: number;
}

/** Converts one parsed value; undefined when it is quietly not a run. */
function convert(value: unknown, context: Context, options: FileOptions, where = ''): Result | undefined {
  let importer: Importer | undefined;
  if (options.from !== 'auto' && options.from !== 'crux') importer = importerFor(options.from);
  else importer = sniff(value, context.file);
  if (!importer) {
    if (!options.explicit && !looksLikeRun(value, context.file)) return undefined;
    return { file: context.file, error: `${where}not a run in a known format (found ${describeKeys(value)}); try --from to name the format` };
  }
  try {
    const trajectory = importer.convert(value, context);
    applyLabel(trajectory, options.labels ? labelFor(options.labels, context.file, trajectory.header.task.id) : undefined);
    return { file: context.file, index: context.index, format: importer.format, trajectory };
  } catch (error) {
    return { file: context.file, error: `${where}${importer.format}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The file's first line (at most 1 MiB of it): enough to recognise a Crux header. */
async function firstLine(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(1024 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const end = text.indexOf('\n');
    return end === -1 ? text : text.slice(0, end);
  } finally {
    await handle.close();
  }
}

async function cruxFile(file: string, labels: OutcomeLabels | undefined): Promise<Result> {
  try {
    const trajectory = await readTrajectoryFile(file);
    applyLabel(trajectory, labels ? labelFor(labels, file, trajectory.header.task.id) : undefined);
    return { file, index: 0, format: 'crux', trajectory };
  } catch (error) {
    return { file, error: error instanceof Error ? error.message : String(error) };
  }
}

/** A Crux trajectory starts with its header line, written with "kind" first. */
function isCruxText(text: string): boolean {
  if (!/^\s*\{\s*"kind"\s*:\s*"header"/.test(text.slice(0, 64))) return false;
  const end = text.indexOf('\n');
  try {
    const header = JSON.parse(end === -1 ? text : text.slice(0, end)) as unknown;
    return isObject(header) && typeof header.format === 'string' && header.format.startsWith('crux.trajectory/');
  } catch {
    return false;
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
