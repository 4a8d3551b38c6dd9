// The store's index: index.jsonl, one run summary per line, appended when a run starts, ends
// or gets an outcome update; the last line for a run id wins. Appending keeps every write
// small and safe from concurrent writers (the extension and a CLI run at once); compaction
// rewrites the file (aside, then renamed over) when old lines pile up, and whenever a run is
// deleted, so that no trace of a deleted run stays behind. The index is only a cache: the run
// files are the truth, and the index can always be rebuilt from them.
import { closeSync, writeSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { openPrivate, readPrivateText } from './private-files';
import type { RunSummary } from './run-summary';

export const INDEX_FILE = 'index.jsonl';
const INDEX_VERSION = 1;

export interface IndexContents {
  /** By run id, in the order runs first appear. */
  entries: Map<string, RunSummary>;
  lines: number;
  /** Why the index cannot be trusted (a damaged line other than a truncated last one). */
  damage: string | null;
}

export async function readIndex(path: string): Promise<IndexContents | null> {
  let text: string;
  try {
    text = readPrivateText(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const lines = text.split('\n');
  const complete = text.endsWith('\n');
  if (complete) lines.pop();
  const entries = new Map<string, RunSummary>();
  let damage: string | null = null;
  lines.forEach((line, index) => {
    if (damage !== null || line === '') return;
    const entry = parseIndexLine(line);
    if (entry) entries.set(entry.runId, entry);
    // A crash while appending leaves a truncated last line: the entry it held is recovered
    // from the run file. Damage anywhere else means the file was changed by something else.
    else if (!(index === lines.length - 1 && !complete)) damage = `line ${index + 1} is not an index entry`;
  });
  return { entries, lines: lines.length, damage };
}

/** Whether a line is an entry of a store's index (so a folder walk can tell the index of
 * `.crux/trajectories` from a run file). */
export function isIndexLine(line: string): boolean {
  return parseIndexLine(line) !== null;
}

function parseIndexLine(line: string): RunSummary | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { v, ...entry } = value as { v?: unknown } & Record<string, unknown>;
  if (v !== INDEX_VERSION || typeof entry.runId !== 'string' || typeof entry.file !== 'string' || typeof entry.createdAt !== 'string') {
    return null;
  }
  return entry as unknown as RunSummary;
}

function indexLine(summary: RunSummary): string {
  return `${JSON.stringify({ v: INDEX_VERSION, ...summary })}\n`;
}

/** Synchronous, for the recorder, which runs inside the synchronous event bus. */
export function appendIndexEntry(path: string, summary: RunSummary): void {
  writeWhole(openPrivate(path, 'append'), indexLine(summary));
}

function writeWhole(fd: number, text: string): void {
  try {
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  } finally {
    closeSync(fd);
  }
}

export async function writeIndex(path: string, summaries: Iterable<RunSummary>): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  let text = '';
  for (const summary of summaries) text += indexLine(summary);
  try {
    // A new file (never an existing one or a link); the rename replaces a link at the index's
    // name rather than writing through it.
    writeWhole(openPrivate(temporary, 'create-new'), text);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
