// "Did you mean ...?" for tool and field names. Models misspell names in predictable ways
// (readFile, read-file, file_read, file_path for path), so names are compared after folding
// case and separators; a word-order swap or one name containing the other counts as close.

/** The candidate nearest to `name`, or undefined when none is plausibly meant or it is a tie. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const folded = fold(name);
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const candidate of candidates) {
    const distance = nameDistance(name, folded, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tied = false;
    } else if (distance === bestDistance) {
      tied = true;
    }
  }
  if (best === undefined || (tied && bestDistance > 0)) return undefined;
  // Allow roughly one edit per three characters: close enough to be a slip, not a guess.
  return bestDistance <= Math.max(2, Math.floor(fold(best).length / 3)) ? best : undefined;
}

function nameDistance(name: string, folded: string, candidate: string): number {
  const target = fold(candidate);
  if (target === folded || sameWords(name, candidate)) return 0;
  const [shorter, longer] = folded.length <= target.length ? [folded, target] : [target, folded];
  if (shorter.length >= 3 && longer.includes(shorter)) return 1;
  return editDistance(folded, target);
}

function fold(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
    .sort()
    .join(' ');
}

function sameWords(a: string, b: string): boolean {
  return words(a) === words(b);
}

/** Levenshtein distance, two rows at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
