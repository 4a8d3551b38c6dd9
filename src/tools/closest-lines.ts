// When a model's search text matches nothing, showing it the lines that come closest is
// the fastest way to get a correct retry: usually a changed identifier or a stale copy.
// Lines are compared by their character bigrams (Dice coefficient): cheap, and tolerant of
// both small typos and whitespace changes.

export interface ClosestWindow {
  /** 1-based first and last line of the most similar stretch of the file. */
  start: number;
  end: number;
  /** 0..1, the mean similarity of its lines to the search lines. */
  score: number;
}

// Keeps the scan near a few million line comparisons even in large files.
const COMPARISON_BUDGET = 3_000_000;
const MIN_SCORE = 0.2;

export function findClosestLines(fileLines: readonly string[], searchLines: readonly string[]): ClosestWindow | undefined {
  const needle = searchLines.map((line) => line.trim());
  if (fileLines.length === 0 || needle.every((line) => line === '')) return undefined;
  const width = Math.min(needle.length, fileLines.length);
  // For long search blocks in long files only the first lines are scored: enough to find
  // where the block was meant to go.
  const scored = Math.max(1, Math.min(width, Math.floor(COMPARISON_BUDGET / fileLines.length)));
  const fileGrams = fileLines.map((line) => bigrams(line.trim()));
  const needleGrams = needle.slice(0, scored).map(bigrams);

  let best: ClosestWindow | undefined;
  for (let start = 0; start + width <= fileLines.length; start++) {
    let sum = 0;
    for (let j = 0; j < scored; j++) sum += dice(fileGrams[start + j] as Set<string>, needleGrams[j] as Set<string>);
    const score = sum / scored;
    if (!best || score > best.score) best = { start: start + 1, end: start + width, score };
  }
  return best && best.score >= MIN_SCORE ? best : undefined;
}

function bigrams(text: string): Set<string> {
  const grams = new Set<string>();
  if (text.length === 1) grams.add(text);
  for (let i = 0; i < text.length - 1; i++) grams.add(text.slice(i, i + 2));
  return grams;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const gram of small) if (large.has(gram)) shared++;
  return (2 * shared) / (a.size + b.size);
}
