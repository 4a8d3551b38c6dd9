// What replay compares: an observation with the parts that legitimately change from one run to
// the next replaced by placeholders, so only real differences count. Each rule is listed in
// docs/importing.md ("Replay"); they are deliberately coarse (any duration, any hash-like
// word), because a false "diverged" sends a person hunting for nothing, while a real change
// of behaviour almost always shows in more than a number.
import { stripAnsi } from '../util/strip-ansi';

export interface NormalizeOptions {
  /** Folders that stand for the workspace (the replay workspace, the recorded run's root). */
  roots: readonly string[];
}

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';

const RULES: readonly [RegExp, string][] = [
  // Temporary folders: mkdtemp names differ on every run, and a recorded run's workspace was
  // often one (its root is not in the trajectory), so they count as the workspace.
  [/(?:\/private)?(?:\/var\/folders\/[\w+.-]+\/[\w+.-]+\/T|\/tmp)\/[\w.+-]+|[A-Za-z]:\\[^\s"']*\\Temp\\[\w.-]+/g, '<workspace>'],
  // Timestamps: ISO 8601, ls -l dates, clock times.
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [new RegExp(`\\b(?:${MONTHS})\\s+\\d{1,2}\\s+(?:\\d{1,2}:\\d{2}|\\d{4})\\b`, 'g'), '<date>'],
  [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, '<time>'],
  // Durations: "0.12s", "35 ms", "in 1.5 seconds".
  [/\b\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s|sec|secs|seconds?|milliseconds?|minutes?|min)\b/g, '<duration>'],
  // Object ids: git hashes and other hex ids with at least one letter and one digit.
  [/\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,64}\b/g, '<hash>'],
  [/\b0x[0-9a-fA-F]{6,}\b/g, '<addr>'],
  [/\b(pid|PID|process) \d+\b/g, '$1 <n>'],
];

export function normalizeOutput(text: string, options: NormalizeOptions): string {
  let result = stripAnsi(text).replace(/\r\n?/g, '\n');
  // Longest first, so a root inside another root does not leave a tail behind.
  for (const root of [...options.roots].filter((r) => r.length > 1).sort((a, b) => b.length - a.length)) {
    result = result.split(root).join('<workspace>');
  }
  for (const [pattern, replacement] of RULES) result = result.replace(pattern, replacement);
  return result
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n+$/, '')
    .replace(/^\n+/, '');
}

/** The body of a command observation: Crux's run_command puts "Exit code: N" and "Output:"
 * above the output, imported shell observations are the bare output. Comparing bodies (and
 * exit codes separately) lets either kind be replayed with run_command. */
export function commandBody(output: string): string {
  const match = /^(?:Exit code: [^\n]*|Timed out after [^\n]*|Stopped: [^\n]*)\n(?:Output[^\n]*:\n)?/.exec(output);
  if (!match) return output;
  const body = output.slice(match[0].length);
  return body === '(no output)' ? '' : body;
}
