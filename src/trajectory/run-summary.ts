// One line per run for listings: what ran and how it ended. The store's index holds these;
// they can always be rebuilt from the run files, reading only each file's first line (the
// header) and its last lines (outcome and updates), never the events between.
import { open, type FileHandle } from 'node:fs/promises';
import type { RunEndReason } from '../agent/events';
import type { OutcomeUpdate, TrajectoryHeader, TrajectoryOutcome } from './format';
import { applyOutcomeUpdates, TrajectoryReadError } from './jsonl';

export interface RunSummary {
  runId: string;
  /** The run's file name inside the store folder. */
  file: string;
  createdAt: string;
  taskId: string;
  /** The task's first line, at most 200 characters (already redacted, like the file). */
  title: string;
  /** Normalized remote (host/owner/repo) and commit. */
  repository: string | null;
  commit: string | null;
  model: string;
  consent: TrajectoryHeader['consent'];
  parent: TrajectoryHeader['parent'];
  /** Who produced the run ('crux', or the agent an import came from). */
  agent: string;
  /** null: still running, or stopped without an outcome (killed). */
  end: RunEndReason | null;
  steps: number | null;
  emptyPatch: boolean | null;
  testPassed: boolean | null;
  verdict: 'accept' | 'reject' | null;
  resolved: boolean | null;
}

const TITLE_LENGTH = 200;

export function summarizeRun(header: TrajectoryHeader, outcome: TrajectoryOutcome | null, file: string): RunSummary {
  const firstLine = header.task.text.trim().split('\n')[0] ?? '';
  return {
    runId: header.runId,
    file,
    createdAt: header.createdAt,
    taskId: header.task.id,
    title: firstLine.length > TITLE_LENGTH ? `${firstLine.slice(0, TITLE_LENGTH - 1)}…` : firstLine,
    repository: header.repository.remote,
    commit: header.repository.commit,
    model: header.model.name,
    consent: header.consent,
    parent: header.parent,
    agent: header.source.agent,
    end: outcome?.end ?? null,
    steps: outcome?.steps ?? null,
    emptyPatch: outcome?.emptyPatch ?? null,
    testPassed: outcome?.test ? outcome.test.passed : null,
    verdict: outcome?.verdict ?? null,
    resolved: outcome?.resolved ?? null,
  };
}

const CHUNK = 64 * 1024;
/** Where the tail of a file written by Crux stops: the start of the last event line. */
const EVENT_LINE_START = Buffer.from('\n{"kind":"event"');

/** Summarizes a run file from its header line and its tail. */
export async function readRunSummary(path: string, file: string): Promise<RunSummary> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new TrajectoryReadError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    const size = (await handle.stat()).size;
    const header = await readHeader(handle, size, path);
    const { outcome, updates } = await readTail(handle, size);
    return summarizeRun(header, outcome ? applyOutcomeUpdates(outcome, updates) : null, file);
  } finally {
    await handle.close();
  }
}

async function readHeader(handle: FileHandle, size: number, path: string): Promise<TrajectoryHeader> {
  let bytes = Buffer.alloc(0);
  let newline = -1;
  while (newline < 0 && bytes.length < size) {
    const chunk = Buffer.alloc(Math.min(CHUNK, size - bytes.length));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, bytes.length);
    if (bytesRead === 0) break;
    bytes = Buffer.concat([bytes, chunk.subarray(0, bytesRead)]);
    newline = bytes.indexOf(0x0a);
  }
  const line = bytes.subarray(0, newline < 0 ? bytes.length : newline).toString('utf8');
  let header: unknown;
  try {
    header = JSON.parse(line);
  } catch {
    throw new TrajectoryReadError(`${path} does not start with a header line`);
  }
  if (typeof header !== 'object' || header === null || (header as { kind?: unknown }).kind !== 'header') {
    throw new TrajectoryReadError(`${path} does not start with a header line`);
  }
  return header as TrajectoryHeader;
}

/** Reads backwards until the last event line, then parses what follows it. A file whose
 * records do not start with "kind" (not written by Crux) is simply read whole. */
async function readTail(handle: FileHandle, size: number): Promise<{ outcome: TrajectoryOutcome | null; updates: OutcomeUpdate[] }> {
  let tail = Buffer.alloc(0);
  let boundary = -1;
  while (boundary < 0 && tail.length < size) {
    const length = Math.min(Math.max(CHUNK, tail.length), size - tail.length);
    const chunk = Buffer.alloc(length);
    await handle.read(chunk, 0, length, size - tail.length - length);
    tail = Buffer.concat([chunk, tail]);
    boundary = tail.lastIndexOf(EVENT_LINE_START);
  }
  // From the last event line on (dropped below), or the whole file when there is no event.
  const lines = tail.subarray(boundary < 0 ? 0 : boundary + 1).toString('utf8').split('\n');
  let outcome: TrajectoryOutcome | null = null;
  const updates: OutcomeUpdate[] = [];
  for (const line of lines) {
    if (!line.includes('"outcome')) continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      continue; // a truncated line; the full reader reports it
    }
    const kind = (record as { kind?: unknown } | null)?.kind;
    if (kind === 'outcome') outcome = record as TrajectoryOutcome;
    else if (kind === 'outcome-update') updates.push(record as OutcomeUpdate);
  }
  return { outcome, updates };
}
