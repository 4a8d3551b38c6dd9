// Checks a run before it goes to the team store, and takes from it what the store indexes.
// A run is stored as its lines, verbatim, so it reads back byte for byte as its file; anything
// that would not (a NUL byte PostgreSQL text cannot hold, a half-written last line) or that
// the team did not agree to hold (a run not recorded at `share`, an oversized one) is refused
// here with a message that says why, and again by the server's own checks.
import { createHash } from 'node:crypto';
import type { TrajectoryHeader, TrajectoryOutcome } from '../trajectory/format';
import { parseTrajectory, TrajectoryReadError } from '../trajectory/jsonl';
import { summarizeRun, type RunSummary } from '../trajectory/run-summary';
import { MAX_LINE_BYTES, MAX_RUN_BYTES } from './migrations';

export class RunRefusedError extends Error {
  override name = 'RunRefusedError';
}

export interface CheckedRun {
  runId: string;
  /** Every line with its newline. */
  lines: string[];
  bytes: number;
  header: TrajectoryHeader;
  outcome: TrajectoryOutcome | null;
  summary: RunSummary;
  loopWarnings: number;
  sha256: string;
}

export interface RunLimits {
  maxRunBytes: number;
  maxLineBytes: number;
}

export const DEFAULT_LIMITS: RunLimits = { maxRunBytes: MAX_RUN_BYTES, maxLineBytes: MAX_LINE_BYTES };

export function checkRun(runId: string, text: string, limits: RunLimits = DEFAULT_LIMITS): CheckedRun {
  const refuse = (why: string): never => {
    throw new RunRefusedError(`run ${runId} refused: ${why}`);
  };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxRunBytes) refuse(`it is ${mib(bytes)}, over the team store's limit of ${mib(limits.maxRunBytes)}`);
  if (text.length === 0) refuse('it is empty');
  if (!text.endsWith('\n')) refuse('its last line is incomplete (the run was interrupted while writing)');
  if (text.includes('\u0000')) refuse('it holds a NUL byte, which is not valid in a trajectory');
  const lines = text.slice(0, -1).split('\n').map((line) => `${line}\n`);
  lines.forEach((line, index) => {
    if (Buffer.byteLength(line, 'utf8') > limits.maxLineBytes) refuse(`line ${index + 1} is over ${mib(limits.maxLineBytes)}`);
  });
  let trajectory;
  try {
    trajectory = parseTrajectory(text, `run ${runId}`);
  } catch (error) {
    if (error instanceof TrajectoryReadError) refuse(error.message);
    throw error;
  }
  if (trajectory.problems.length > 0) refuse(`it is damaged: ${trajectory.problems.slice(0, 3).join('; ')}`);
  const { header, outcome, events } = trajectory;
  if (header.runId !== runId) refuse(`its header names run ${header.runId}`);
  if (header.consent !== 'share') refuse(`it was recorded at consent "${header.consent}"; only runs recorded at "share" leave this machine`);
  return {
    runId, lines, bytes, header, outcome,
    summary: summarizeRun(header, outcome, `${runId}.jsonl`),
    loopWarnings: events.filter((event) => event.type === 'loop-warning').length,
    sha256: sha256Of(lines),
  };
}

export function sha256Of(lines: readonly string[]): string {
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line, 'utf8');
  return hash.digest('hex');
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
