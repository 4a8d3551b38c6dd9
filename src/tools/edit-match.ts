// Finding a model's search text in a file. Local models often get whitespace slightly
// wrong (indentation re-typed, trailing spaces dropped, tabs turned into spaces), so after
// an exact match fails we retry line by line with looser comparisons. Each level must match
// exactly one place: a loose match that is ambiguous is an error, never a guess.

export type MatchLevel = 'exact' | 'trailing-whitespace' | 'indentation' | 'whitespace';

export type ReplaceOutcome =
  | { kind: 'replaced'; content: string; level: MatchLevel; line: number }
  | { kind: 'ambiguous'; level: MatchLevel; lines: number[] }
  | { kind: 'no-match' };

const LINE_LEVELS: ReadonlyArray<{ level: MatchLevel; normalize: (line: string) => string }> = [
  { level: 'trailing-whitespace', normalize: (line) => line.trimEnd() },
  { level: 'indentation', normalize: (line) => line.trim() },
  { level: 'whitespace', normalize: (line) => line.trim().replace(/\s+/g, ' ') },
];

/** Replaces the one occurrence of `search` in `content` with `replacement`. */
export function replaceOnce(content: string, search: string, replacement: string): ReplaceOutcome {
  if (search === '') return { kind: 'no-match' };
  const exact = occurrences(content, search);
  if (exact.length === 1) {
    const at = exact[0] as number;
    return { kind: 'replaced', content: content.slice(0, at) + replacement + content.slice(at + search.length), level: 'exact', line: lineAt(content, at) };
  }
  if (exact.length > 1) return { kind: 'ambiguous', level: 'exact', lines: exact.map((at) => lineAt(content, at)) };
  return replaceLines(content, search, replacement);
}

function occurrences(content: string, search: string): number[] {
  const found: number[] = [];
  for (let at = content.indexOf(search); at !== -1; at = content.indexOf(search, at + 1)) found.push(at);
  return found;
}

function lineAt(content: string, index: number): number {
  let line = 1;
  for (let i = content.indexOf('\n'); i !== -1 && i < index; i = content.indexOf('\n', i + 1)) line++;
  return line;
}

function replaceLines(content: string, search: string, replacement: string): ReplaceOutcome {
  const fileLines = content.split('\n');
  const block = trimBlankEdges(toLines(search));
  if (block.lines.length === 0) return { kind: 'no-match' };
  const newLines = dropBlankEdges(toLines(replacement), block.leading, block.trailing);

  for (const { level, normalize } of LINE_LEVELS) {
    const wanted = block.lines.map(normalize);
    const normalized = fileLines.map(normalize);
    const starts: number[] = [];
    for (let i = 0; i + wanted.length <= normalized.length; i++) {
      if (wanted.every((line, j) => normalized[i + j] === line)) starts.push(i);
    }
    if (starts.length > 1) return { kind: 'ambiguous', level, lines: starts.map((i) => i + 1) };
    if (starts.length === 1) {
      const start = starts[0] as number;
      const original = fileLines.slice(start, start + wanted.length);
      const fitted = reindent(newLines, block.lines, original);
      const result = [...fileLines.slice(0, start), ...fitted, ...fileLines.slice(start + wanted.length)];
      return { kind: 'replaced', content: result.join('\n'), level, line: start + 1 };
    }
  }
  return { kind: 'no-match' };
}

/** Lines of a block; a final line break ends the last line rather than starting another. */
function toLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function trimBlankEdges(lines: string[]): { lines: string[]; leading: number; trailing: number } {
  let first = 0;
  let last = lines.length;
  while (first < last && (lines[first] as string).trim() === '') first++;
  while (last > first && (lines[last - 1] as string).trim() === '') last--;
  return { lines: lines.slice(first, last), leading: first, trailing: lines.length - last };
}

/** Drops as many blank lines from the replacement's edges as the search block had. */
function dropBlankEdges(lines: string[], leading: number, trailing: number): string[] {
  let first = 0;
  let last = lines.length;
  while (first < Math.min(leading, last) && (lines[first] as string).trim() === '') first++;
  while (lines.length - last < trailing && last > first && (lines[last - 1] as string).trim() === '') last--;
  return lines.slice(first, last);
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/**
 * Fits the replacement to the file's indentation. Each search line was matched to a file
 * line, which tells how the model's indentation maps to the file's (say "" to "\t" and
 * "    " to "\t\t"); replacement lines are re-indented through that mapping, so a block the
 * model wrote at column 0 or with spaces lands at the file's depth and in its style. A
 * replacement line equal (ignoring surrounding whitespace) to the search line in the same
 * place is the file's own line kept as it was, so unchanged lines never show in the diff.
 */
function reindent(newLines: string[], searchLines: string[], fileLines: string[]): string[] {
  const mapIndent = indentMapping(searchLines, fileLines);
  return newLines.map((line, i) => {
    if (line.trim() === '') return line.trim();
    const searchLine = searchLines[i];
    const fileLine = fileLines[i];
    if (searchLine !== undefined && fileLine !== undefined && searchLine.trim() === line.trim()) return fileLine;
    const indent = indentOf(line);
    return mapIndent(indent) + line.slice(indent.length);
  });
}

function indentMapping(searchLines: string[], fileLines: string[]): (indent: string) => string {
  const known = new Map<string, string>();
  searchLines.forEach((line, i) => {
    const fileLine = fileLines[i];
    if (line.trim() !== '' && fileLine !== undefined && !known.has(indentOf(line))) known.set(indentOf(line), indentOf(fileLine));
  });
  if ([...known].every(([from, to]) => from === to)) return (indent) => indent;
  const fileUsesTabs = [...known.values()].some((to) => to.includes('\t'));
  const spacesPerTab = inferSpacesPerTab(known);
  return (indent) => {
    const exact = known.get(indent);
    if (exact !== undefined) return exact;
    // Deeper (or shallower) than any matched line: extend from the nearest known level.
    const base = [...known.keys()].filter((from) => indent.startsWith(from)).sort((a, b) => b.length - a.length)[0];
    if (base === undefined) return indent;
    const extra = indent.slice(base.length);
    const converted = fileUsesTabs ? extra.replace(new RegExp(` {${spacesPerTab}}`, 'g'), '\t') : extra;
    return (known.get(base) as string) + converted;
  };
}

/** From two matched levels, e.g. "  " to "\t" and "      " to "\t\t\t": 2 spaces per tab. */
function inferSpacesPerTab(known: Map<string, string>): number {
  const levels = [...known].filter(([from, to]) => /^ *$/.test(from) && /^\t*$/.test(to)).sort((a, b) => a[0].length - b[0].length);
  for (let i = 1; i < levels.length; i++) {
    const [fromA, toA] = levels[i - 1] as [string, string];
    const [fromB, toB] = levels[i] as [string, string];
    if (toB.length > toA.length) return Math.max(1, Math.round((fromB.length - fromA.length) / (toB.length - toA.length)));
  }
  return 4;
}
