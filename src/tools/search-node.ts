// The search engine used when ripgrep is not installed: a walk that respects .gitignore
// like list_files, reading each text file and testing it line by line with a JavaScript
// regular expression. Slower than ripgrep, but with the same view of the workspace.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import ignore from 'ignore';
import { MatchCollector, MAX_SEARCH_FILE_BYTES, type SearchOutcome, type SearchQuery } from './search-types';
import { looksBinary } from './text-file';
import { walkWorkspace } from './walk';

export type CompiledPattern = { ok: true; regex: RegExp } | { ok: false; message: string };

/** The query as a JavaScript regex (no `g` flag, so `test` keeps no state between lines). */
export function compilePattern(query: Pick<SearchQuery, 'pattern' | 'literal' | 'caseInsensitive'>): CompiledPattern {
  const source = query.literal ? query.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : query.pattern;
  try {
    return { ok: true, regex: new RegExp(source, query.caseInsensitive ? 'i' : '') };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

export async function searchWithNode(query: SearchQuery): Promise<SearchOutcome> {
  const compiled = compilePattern(query);
  if (!compiled.ok) return { kind: 'bad-pattern', message: compiled.message };
  const { regex } = compiled;
  const collector = new MatchCollector(query);
  const included = globFilter(query.glob);

  const start = await stat(path.join(query.root, query.rel));
  // A file named explicitly is searched whatever .gitignore says, as ripgrep does.
  const files = start.isDirectory() ? walkFiles(query) : single(query.rel);
  for await (const rel of files) {
    if (query.signal?.aborted || collector.full) break;
    if (!included(rel)) continue;
    const text = await readSearchable(path.join(query.root, rel));
    if (text === undefined) continue;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = (lines[i] as string).replace(/\r$/, '');
      if (regex.test(line) && !collector.add({ path: rel, line: i + 1, text: line })) break;
    }
  }
  return collector.outcome();
}

async function* walkFiles(query: SearchQuery): AsyncGenerator<string> {
  for await (const entry of walkWorkspace(query.root, query.rel, { recursive: true, signal: query.signal })) {
    if (!entry.isDir) yield entry.rel;
  }
}

async function* single(rel: string): AsyncGenerator<string> {
  yield rel;
}

/** The file's text, or undefined for what search skips: huge, binary or unreadable files. */
async function readSearchable(abs: string): Promise<string | undefined> {
  try {
    const info = await stat(abs);
    if (!info.isFile() || info.size > MAX_SEARCH_FILE_BYTES) return undefined;
    const bytes = await readFile(abs);
    return looksBinary(bytes) ? undefined : bytes.toString('utf8');
  } catch {
    return undefined;
  }
}

/** gitignore-style glob matching, the syntax ripgrep's --glob uses; "{a,b}" is expanded. */
export function globFilter(glob: string | undefined): (rel: string) => boolean {
  if (!glob) return () => true;
  const negated = glob.startsWith('!');
  const matcher = ignore({ ignorecase: false }).add(expandBraces(negated ? glob.slice(1) : glob));
  return (rel) => matcher.ignores(rel) !== negated;
}

/** "*.{ts,tsx}" → ["*.ts", "*.tsx"]; nested and repeated groups expand fully. */
export function expandBraces(glob: string): string[] {
  const match = /\{([^{}]*,[^{}]*)\}/.exec(glob);
  if (!match) return [glob];
  const before = glob.slice(0, match.index);
  const after = glob.slice(match.index + match[0].length);
  return (match[1] as string).split(',').flatMap((choice) => expandBraces(before + choice + after));
}
