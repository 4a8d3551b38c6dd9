// Canonical forms the loop watch compares: a call's signature (tool name plus key-sorted,
// whitespace-normalised arguments) and an observation with its volatile parts masked, so a
// re-run that differs only in a timestamp, a duration, a temp path, a pid or a memory address
// counts as the same result, while a polled command whose real output changes does not.
import { hash } from 'node:crypto';
import { normalizeTerminalText, stripAnsi } from '../util/strip-ansi';
import { withoutNestedRules } from '../context/nested-rules';

/** 64 bits of sha1: enough to tell observations of one run apart, small to keep in memory.
 * The one-shot crypto.hash skips the Hash object createHash makes per call, which showed in
 * the offline analysis of large run sets. */
export function shortHash(text: string): string {
  return hash('sha1', text, 'hex').slice(0, 16);
}

/** Argument keys that carry commentary or bookkeeping rather than what the call does; they
 * change between otherwise identical calls (Cline ignores `task_progress` for the same reason). */
const IGNORED_ARG_KEYS = new Set(['thought', 'reasoning', 'task_progress', 'explanation']);

/** The canonical text of a call: `name {"a":1,"b":"x"}` with keys sorted at every depth and
 * strings trimmed (line ends unified, trailing spaces dropped). Inner whitespace is kept:
 * an edit that only changes indentation is a different edit. */
export function canonicalCall(name: string, args: unknown): string {
  return `${name.trim()} ${JSON.stringify(canonicalValue(args, true))}`;
}

function canonicalValue(value: unknown, topLevel: boolean): unknown {
  if (typeof value === 'string') return value.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').trim();
  if (Array.isArray(value)) return value.map((item) => canonicalValue(item, false));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (topLevel && IGNORED_ARG_KEYS.has(key)) continue;
      out[key] = canonicalValue((value as Record<string, unknown>)[key], false);
    }
    return out;
  }
  return value;
}

export function callSignature(name: string, args: unknown): string {
  return shortHash(canonicalCall(name, args));
}

// Volatile parts, masked in this order (longer, more specific patterns first).
// Each entry has a guard: a cheap test for a character the pattern cannot match without, so
// most of the thirteen passes are skipped on a typical output (this runs on every observation
// of every run in `crux pairs` and `crux stats`).
const VOLATILE: [RegExp, string, (text: string) => boolean][] = [
  // ISO 8601 and similar date-times: 2025-11-18T23:48:54.123Z, 2024-01-02 10:11:12
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>', hasDash],
  // ls -l and syslog dates: "Dec  4 20:23", "Jan 12  2024"
  [/\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{1,2}\s+(?:\d{1,2}:\d{2}|\d{4})\b/g, '<date>', hasMonth],
  // Clock times: 10:11:12, 10:11:12.345
  [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, '<time>', hasColon],
  // Bare dates: 2025-11-18
  [/\b\d{4}-\d{2}-\d{2}\b/g, '<date>', hasDash],
  // UUIDs
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>', hasDash],
  // Memory addresses: 0x7f3a2c1b9e80
  [/\b0x[0-9a-f]{6,}\b/gi, '<addr>', (text) => text.includes('0x') || text.includes('0X')],
  // Temp paths: /tmp/pytest-of-root/pytest-3/x, /var/folders/..., C:\Users\x\AppData\Local\Temp\...
  [/(?:\/private)?\/(?:tmp|var\/folders|var\/tmp)\/[^\s'"`:,)\]]*/g, '<tmp>', (text) => text.includes('/tmp/') || text.includes('/var/')],
  [/[A-Za-z]:\\[^\s'"`]*\\Temp\\[^\s'"`:,)\]]*/g, '<tmp>', (text) => text.includes('\\Temp\\')],
  // Process ids: "pid 1234", "pid=1234", "PID: 1234", "[1] 12345" (shell job lines)
  [/\bpid[=:\s]\s*\d+/gi, 'pid <pid>', (text) => /pid/i.test(text)],
  [/^\[\d+\]\s+\d+$/gm, '[job] <pid>', (text) => text.includes('[')],
  // Durations: "0.23s", "in 1.5 seconds", "120 ms", "3m 2s", "took 12.3sec"
  [/\b\d+(?:\.\d+)?\s?(?:ms|msec|millis(?:econds)?|µs|us|ns|s|sec|secs|seconds?|mins?|minutes?|h|hrs?|hours?)\b/g, '<dur>', hasDigit],
  // Traceback frames and compiler positions move when the code above them is edited.
  [/(File "[^"]+", line )\d+/g, '$1<n>', (text) => text.includes('File "')],
  [/(\.\w{1,5}):\d+(?::\d+)?(?=:|\s|$)/gm, '$1:<n>', hasColon],
];

function hasDash(text: string): boolean {
  return text.includes('-');
}

function hasColon(text: string): boolean {
  return text.includes(':');
}

function hasDigit(text: string): boolean {
  return /\d/.test(text);
}

const MONTH = /Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec/;
function hasMonth(text: string): boolean {
  return MONTH.test(text);
}

/** An observation with ANSI codes, carriage-return redraws and volatile parts removed,
 * trailing whitespace trimmed on every line and blank-line runs collapsed. A nested AGENTS.md
 * block appended to it is left out: it comes once per folder, and the same call's result
 * without it is the same result. */
export function normalizeObservation(output: string): string {
  let text = normalizeTerminalText(stripAnsi(withoutNestedRules(output)));
  for (const [pattern, replacement, mayMatch] of VOLATILE) {
    if (mayMatch(text)) text = text.replace(pattern, replacement);
  }
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
