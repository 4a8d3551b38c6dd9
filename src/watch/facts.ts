// The loop watch's view of a run: per call its canonical signature, what kind of call it is
// and the hashes of what came back; per step its calls. Built once per call from live agent
// events or from a stored trajectory, so every signal compares short hashes, never texts.
import type { RiskClass } from '../host/ports';
import { classifyCall, describeCall, type CallKind } from './classify';
import { errorSignature, type ErrorSignature } from './error-signature';
import { callSignature, normalizeObservation, shortHash } from './normalize';

export interface CallFacts {
  callId: string;
  name: string;
  /** `run_command \`pytest\``: how evidence names the call. */
  label: string;
  signature: string;
  kind: CallKind;
  valid: boolean;
}

export interface FileChange {
  path: string;
  /** Content hash before (null: the file did not exist) and after the edit. */
  before: string | null;
  after: string;
}

export interface CallResult {
  /** Hash of the normalised output. */
  output: string;
  /** The normalised output is empty. */
  empty: boolean;
  error: ErrorSignature | null;
  change: FileChange | null;
  /** Hashes of the output's distinct lines (at most LINES_PER_OUTPUT): what it taught, line
   * by line, so re-reading known things with a different command is not news. */
  lines: number[];
}

/** Lines of one output judged for novelty; a longer output is news anyway. */
const LINES_PER_OUTPUT = 400;

export interface StepCall {
  call: CallFacts;
  /** null when the call has no observation (a run cut off after the model's last turn). */
  result: CallResult | null;
}

export interface StepFacts {
  /** The model turn, numbered from 1. */
  step: number;
  calls: StepCall[];
  /** Hash of the reply's text, null when there was none. */
  text: string | null;
}

export interface CallInput {
  callId: string;
  name: string;
  args: Record<string, unknown> | null;
  /** The raw argument text, compared when the arguments could not be parsed. */
  argumentsText?: string;
  /** The risk class the agent or the importer gave the call, when known. */
  risk: RiskClass | null;
  valid: boolean;
}

export function callFacts(input: CallInput): CallFacts {
  return {
    callId: input.callId,
    name: input.name,
    label: describeCall(input.name, input.args),
    signature: callSignature(input.name, input.args ?? input.argumentsText ?? {}),
    kind: classifyCall(input.name, input.args, input.risk),
    valid: input.valid,
  };
}

export interface ResultInput {
  output: string;
  isError: boolean;
  /** A command's exit code; null or undefined when unknown or not a command. */
  exitCode?: number | null;
  change?: FileChange | null;
}

export function callResult(call: CallFacts, input: ResultInput): CallResult {
  const normalized = normalizeObservation(input.output);
  const exitKnown = input.exitCode !== undefined && input.exitCode !== null;
  const failed = input.isError || (exitKnown && input.exitCode !== 0) || !call.valid;
  // An edit a linter rejected is recorded as a success by some agents, and a command whose
  // exit status was not recorded may still have failed: judge those by their output.
  const mayCarryErrors = call.kind === 'edit' || (call.kind === 'execute' && !exitKnown);
  return {
    output: shortHash(normalized),
    empty: normalized === '',
    error: errorSignature(normalized, failed, mayCarryErrors),
    change: input.change ?? null,
    lines: lineHashes(normalized),
  };
}

/** FNV-1a hashes of the distinct non-blank lines (trimmed), cheap enough for every output. */
export function lineHashes(text: string): number[] {
  const seen = new Set<number>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.length < 2) continue;
    let hash = 0x811c9dc5;
    for (let i = 0; i < line.length; i++) {
      hash ^= line.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    seen.add(hash);
    if (seen.size >= LINES_PER_OUTPUT) break;
  }
  return [...seen];
}

/** The hash of a reply's text, or null when it is empty. */
export function textHash(text: string): string | null {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat === '' ? null : shortHash(flat);
}

/** Parses a call's argument text when the structured arguments are missing. */
export function parseArguments(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
