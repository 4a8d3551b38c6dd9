// Reading and writing crux.trajectory/1 files. Reading is forgiving where a crash can leave
// damage (a truncated last line, a run without an outcome) and strict about anything else:
// problems are reported with line numbers, never thrown away silently.
import { readFile } from 'node:fs/promises';
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

export async function readTrajectoryFile(path: string): Promise<Trajectory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new TrajectoryReadError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseTrajectory(text, path);
}

/** Parses a whole file. Throws TrajectoryReadError only when there is no usable header;
 * every other problem is listed in `problems`. */
export function parseTrajectory(text: string, name = 'trajectory'): Trajectory {
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  if (endsWithNewline) lines.pop();
  const problems: string[] = [];
  let header: TrajectoryHeader | undefined;
  const events: TrajectoryEvent[] = [];
  let outcome: TrajectoryOutcome | null = null;
  const updates: OutcomeUpdate[] = [];
  let lastSeq = 0;

  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '') return;
    let record: TrajectoryRecord;
    try {
      record = JSON.parse(line) as TrajectoryRecord;
    } catch {
      const isLast = index === lines.length - 1 && !endsWithNewline;
      problems.push(isLast
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
        if (header) problems.push(`line ${lineNumber}: a second header; ignored`);
        else if (lineNumber !== 1) problems.push(`line ${lineNumber}: the header is not the first line`);
        header ??= record;
        break;
      case 'event':
        if (record.seq !== lastSeq + 1) problems.push(`line ${lineNumber}: event seq ${record.seq} follows ${lastSeq}; events may be missing`);
        lastSeq = record.seq;
        events.push(record);
        break;
      case 'outcome':
        if (outcome) problems.push(`line ${lineNumber}: a second outcome replaces the first`);
        outcome = record;
        break;
      case 'outcome-update':
        updates.push(record);
        break;
      default:
        problems.push(`line ${lineNumber}: unknown record kind "${(record as { kind: string }).kind}"; ignored`);
    }
  });

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
