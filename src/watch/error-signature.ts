// The "same error" of the repeated-error signal: the lines of a failed call's output that
// state what went wrong (an exception line, a linter code, a FAILED test id, a tool's refusal),
// normalised. Two failures with the same error lines are the same error even when the
// surrounding output (the edit a linter echoes back, a traceback's code lines) differs.
import { shortHash } from './normalize';

// Lines that state an error. Anchored at the start of a line (after indentation or a list
// dash) so that code which merely mentions an error (`raise ValueError(...)`) does not count.
const ERROR_LINE: RegExp[] = [
  /^\s*(?:[\w.]+\.)?[A-Z]\w*(?:Error|Exception|Exit|Interrupt)\b(?::|$)/, // Python, JS, Java exceptions
  /^\s*-?\s*[EFW]\d{3,4}\b/, // flake8/pyflakes codes (SWE-agent's edit linter)
  /^\s*(?:error|fatal|panic)(?:\[\w+\])?:/i, // compilers, git, rustc
  /^\s*(?:FAILED|ERROR)\b/, // pytest summary lines
  /^\s*E\s{2,}\S/, // pytest assertion detail lines
  /^\s*\d+ (?:failed|errors?)\b/i, // "2 failed, 3 passed"
  /^=+ .*\b(?:failed|errors?)\b.* =+$/i, // pytest's final line
  /^\s*FAIL:|^\s*Ran \d+ tests?/, // unittest
  /\b(?:command not found|No such file or directory|Permission denied)\b/,
  /\b(?:No replacement was performed|did not appear verbatim|Multiple occurrences|already exists|Cannot overwrite)\b/,
  /\b(?:syntax error|invalid syntax|is not defined|cannot import|has no attribute|not found)\b/i,
  /^\s*Invalid\b|\binvalid tool call\b/i,
];

const MAX_ERROR_LINES = 12;
const MAX_LINE = 400;
const BARE_HEADER = /^\s*(?:error|errors|fatal)\s*:?\s*$/i;

/** A long line (a refusal quoting a whole code block) is judged by its start. */
function clip(line: string): string {
  return line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
}

export interface ErrorSignature {
  /** Hash of the normalised error lines, details masked (see maskDetails). */
  hash: string;
  /** Hash of the error lines as they are (numbers and quotes kept): the same failure in the
   * same state, so a count or a value that moves ("6 failed" → "5 failed") is a different one. */
  exact: string;
  /** The most telling line, for evidence and nudges (the last error line, cut to 160 chars). */
  headline: string;
}

/**
 * The error of a call, or null when it did not fail. A call failed when the tool said so
 * (isError), a command exited non-zero, or, for calls that write or run, when its output
 * carries error lines (an edit a linter rejected still "succeeds" in some agents' records).
 * `normalized` is the output after normalizeObservation.
 */
export function errorSignature(normalized: string, failed: boolean, mayCarryErrors: boolean): ErrorSignature | null {
  const lines = errorLines(normalized);
  if (lines.masked.length === 0) {
    if (!failed) return null;
    // A failure without a recognisable error line: its first and last lines stand for it.
    const text = normalized.split('\n').filter((line) => line.trim() !== '');
    const raw = [...new Set([text[0] ?? '', text.at(-1) ?? ''])];
    return {
      hash: shortHash(`fail\n${raw.map(maskDetails).join('\n')}`), exact: shortHash(`fail\n${raw.join('\n')}`),
      headline: cut(text.at(-1) ?? 'failed without output'),
    };
  }
  if (!failed && !mayCarryErrors) return null;
  return { hash: shortHash(lines.masked.join('\n')), exact: shortHash(lines.exact.join('\n')), headline: cut(lines.last) };
}

function errorLines(normalized: string): { masked: string[]; exact: string[]; last: string } {
  const seen = new Set<string>();
  const exact = new Set<string>();
  let last = '';
  const lines = normalized.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let raw = clip(lines[i] ?? '');
    if (!ERROR_LINE.some((pattern) => pattern.test(raw))) continue;
    // "ERROR:" on a line of its own heads the message on the next line: they are one error.
    if (BARE_HEADER.test(raw) && i + 1 < lines.length) raw = `${raw.trim()} ${clip(lines[++i] ?? '').trim()}`;
    seen.add(maskDetails(raw.trim()));
    exact.add(raw.trim());
    last = raw;
  }
  // The last lines: a long log's final errors are the ones that decide.
  return { masked: [...seen].slice(-MAX_ERROR_LINES), exact: [...exact].slice(-MAX_ERROR_LINES), last };
}

/** The error's template: quoted code and names, and standalone numbers (line numbers, counts,
 * positions) masked, so "Multiple occurrences of old_str `x = 1` in lines [3, 9]" and the same
 * refusal for another snippet are one error. Short quotes stay ("unmatched ')'" is not
 * "unmatched ']'"), and error codes such as E999 keep their digits. */
function maskDetails(line: string): string {
  return line
    .replace(/`[^`]{4,}(?:`|$)/g, '<q>')
    .replace(/'[^'\n]{4,}'|"[^"\n]{4,}"/g, '<q>')
    .replace(/(?<![\w.])\d+(?:\.\d+)?(?![\w.])/g, '<n>');
}

function cut(line: string): string {
  const flat = line.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 159)}…` : flat;
}
