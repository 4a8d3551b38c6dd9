// Reading and writing crux.trajectory/1 files. Reading is forgiving where a crash can leave
// damage (a truncated last line, a run without an outcome) and strict about anything else:
// problems are reported with line numbers, never thrown away silently.
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { OutcomeUpdate, Trajectory, TrajectoryEvent, TrajectoryHeader, TrajectoryOutcome, TrajectoryRecord } from './format';
import { TRAJECTORY_FORMAT } from './format';

export class TrajectoryReadError extends Error {
  override name = 'TrajectoryReadError';
}

/** One record per line; JSON.stringify never emits a raw newline, so lines stay whole. */
export function serializeRecord(record: TrajectoryRecord): string {
  return `${JSON.stringify(record)}\n`;
}

export function serializeTrajectory(trajectory: Trajectory): string {
  const lines = [serializeRecord(trajectory.header), ...trajectory.events.map(serializeRecord)];
  if (trajectory.outcomeHistory) {
    lines.push(serializeRecord(trajectory.outcomeHistory.outcome), ...trajectory.outcomeHistory.updates.map(serializeRecord));
  } else if (trajectory.outcome) {
    lines.push(serializeRecord(trajectory.outcome));
  }
  return lines.join('');
}

/** Read size of the streaming reader; tests pass a small one to prove no whole-file read. */
const READ_CHUNK = 1024 * 1024;

/**
 * Reads a run file of any size: the file is streamed line by line (a whole-file read fails past
 * V8's string limit, about 512 MB), so memory holds the parsed records, never the whole text.
 */
export async function readTrajectoryFile(path: string, options: { chunkBytes?: number } = {}): Promise<Trajectory> {
  const parser = new TrajectoryParser(path);
  try {
    await forEachLine(path, options.chunkBytes ?? READ_CHUNK, (line, terminated) => parser.line(line, terminated));
  } catch (error) {
    if (error instanceof TrajectoryReadError) throw error;
    throw new TrajectoryReadError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parser.finish();
}

/** Calls `onLine` for each line of the file, read `chunkBytes` at a time; the last line is
 * passed with terminated=false when the file does not end in a newline. */
export async function forEachLine(path: string, chunkBytes: number, onLine: (line: string, terminated: boolean) => void): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(chunkBytes);
    const decoder = new StringDecoder('utf8');
    let pending = '';
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      pending += decoder.write(buffer.subarray(0, bytesRead));
      let newline = pending.indexOf('\n');
      let start = 0;
      while (newline !== -1) {
        onLine(pending.slice(start, newline), true);
        start = newline + 1;
        newline = pending.indexOf('\n', start);
      }
      pending = pending.slice(start);
    }
    pending += decoder.end();
    if (pending !== '') onLine(pending, false);
  } finally {
    await handle.close();
  }
}

/** Parses a whole file. Throws TrajectoryReadError only when there is no usable header;
 * every other problem is listed in `problems`. */
export function parseTrajectory(text: string, name = 'trajectory'): Trajectory {
  const parser = new TrajectoryParser(name);
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  if (endsWithNewline) lines.pop();
  lines.forEach((line, index) => parser.line(line, index < lines.length - 1 || endsWithNewline));
  return parser.finish();
}

/** Builds a trajectory from its lines, one at a time. */
class TrajectoryParser {
  private readonly problems: string[] = [];
  private header: TrajectoryHeader | undefined;
  private readonly events: TrajectoryEvent[] = [];
  private outcome: TrajectoryOutcome | null = null;
  private readonly updates: OutcomeUpdate[] = [];
  private lastSeq = 0;
  private lineNumber = 0;

  constructor(private readonly name: string) {}

  line(line: string, terminated: boolean): void {
    const lineNumber = ++this.lineNumber;
    const problems = this.problems;
    if (line.trim() === '') return;
    let record: TrajectoryRecord;
    try {
      record = JSON.parse(line) as TrajectoryRecord;
    } catch {
      problems.push(!terminated
        ? `line ${lineNumber}: truncated last line (the run was probably interrupted while writing); ignored`
        : `line ${lineNumber}: not valid JSON; ignored`);
      return;
    }
    if (typeof record !== 'object' || record === null || typeof (record as { kind?: unknown }).kind !== 'string') {
      problems.push(`line ${lineNumber}: not a trajectory record (no "kind"); ignored`);
      return;
    }
    switch (record.kind) {
      case 'header':
        if (this.header) problems.push(`line ${lineNumber}: a second header; ignored`);
        else if (lineNumber !== 1) problems.push(`line ${lineNumber}: the header is not the first line`);
        this.header ??= record;
        break;
      case 'event':
        if (record.seq !== this.lastSeq + 1) problems.push(`line ${lineNumber}: event seq ${record.seq} follows ${this.lastSeq}; events may be missing`);
        this.lastSeq = record.seq;
        this.events.push(record);
        break;
      case 'outcome':
        if (this.outcome) problems.push(`line ${lineNumber}: a second outcome replaces the first`);
        this.outcome = record;
        break;
      case 'outcome-update':
        this.updates.push(record);
        break;
      default:
        problems.push(`line ${lineNumber}: unknown record kind "${(record as { kind: string }).kind}"; ignored`);
    }
  }

  finish(): Trajectory {
    const { header, outcome, updates, problems, events, name } = this;
    if (!header) throw new TrajectoryReadError(`${name} is not a Crux trajectory: it has no header line`);
    if (header.format !== TRAJECTORY_FORMAT) {
      throw new TrajectoryReadError(`${name} has format "${String(header.format)}"; this Crux reads ${TRAJECTORY_FORMAT}`);
    }
    if (!outcome && updates.length > 0) problems.push('outcome updates without an outcome; ignored');
    if (!outcome) return { header, events, outcome: null, problems };
    return {
      header, events, outcome: applyOutcomeUpdates(outcome, updates), problems,
      ...(updates.length > 0 ? { outcomeHistory: { outcome, updates } } : {}),
    };
  }
}

export function applyOutcomeUpdates(outcome: TrajectoryOutcome, updates: readonly OutcomeUpdate[]): TrajectoryOutcome {
  let merged = outcome;
  for (const update of updates) {
    merged = {
      ...merged,
      ...(update.test !== undefined ? { test: update.test } : {}),
      ...(update.verdict !== undefined ? { verdict: update.verdict } : {}),
      ...(update.resolved !== undefined ? { resolved: update.resolved } : {}),
    };
  }
  return merged;
}
