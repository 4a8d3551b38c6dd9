// The fast search engine: ripgrep, when it is installed. Its JSON output is parsed rather
// than its plain output because paths may hold colons and lines may not be valid UTF-8.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { MatchCollector, MAX_SEARCH_FILE_BYTES, type SearchOutcome, type SearchQuery } from './search-types';

// ripgrep's own defaults would hide dotfiles, read ~/.ripgreprc, .ignore files and the
// global gitignore, and ignore .gitignore outside git repositories; these flags make it see
// exactly what list_files and the Node fallback see.
const PARITY_FLAGS = ['--no-config', '--hidden', '--no-require-git', '--no-ignore-dot', '--no-ignore-global', '--no-ignore-parent'];

const STDERR_KEEP_CHARS = 4000;

export function ripgrepArgs(query: SearchQuery): string[] {
  const args = ['--json', ...PARITY_FLAGS, '--sort', 'path', '--max-filesize', String(MAX_SEARCH_FILE_BYTES)];
  if (query.literal) args.push('--fixed-strings');
  if (query.caseInsensitive) args.push('--ignore-case');
  if (query.glob) args.push('--glob', query.glob);
  args.push('--glob', '!.git', '--regexp', query.pattern);
  // Without a path ripgrep prints paths relative to its working directory, the root.
  if (query.rel !== '.') args.push('--', query.rel);
  return args;
}

export function searchWithRipgrep(query: SearchQuery, rgPath = 'rg'): Promise<SearchOutcome> {
  return new Promise((resolve) => {
    const child = spawn(rgPath, ripgrepArgs(query), { cwd: query.root, stdio: ['ignore', 'pipe', 'pipe'], signal: query.signal });
    const collector = new MatchCollector(query);
    let stderr = '';
    let spawnError: Error | undefined;

    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < STDERR_KEEP_CHARS) stderr += chunk;
    });
    const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
    lines.on('line', (line) => {
      if (collector.full) return;
      const match = parseMatch(line);
      if (match && !collector.add(match)) child.kill();
    });
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('close', (code) => {
      if (spawnError && (spawnError as NodeJS.ErrnoException).code === 'ENOENT') {
        resolve({ kind: 'unavailable', message: `ripgrep (${rgPath}) is not installed` });
      } else if (code === 2 && collector.total === 0 && isPatternError(stderr)) {
        resolve({ kind: 'bad-pattern', message: stderr.trim() });
      } else if (spawnError && spawnError.name !== 'AbortError') {
        resolve({ kind: 'unavailable', message: `ripgrep failed: ${spawnError.message}` });
      } else {
        // Exit code 2 with matches means some files could not be read; the matches stand.
        resolve(collector.outcome());
      }
    });
  });
}

function isPatternError(stderr: string): boolean {
  return /regex parse error|error parsing glob/i.test(stderr);
}

type RgText = { text?: string; bytes?: string };

interface RgMatchMessage {
  type: 'match';
  data: { path: RgText; lines: RgText; line_number: number | null };
}

function parseMatch(line: string): { path: string; line: number; text: string } | undefined {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isMatchMessage(message)) return undefined;
  const { data } = message;
  return {
    path: decode(data.path).replace(/^\.\//, ''),
    line: data.line_number ?? 0,
    text: decode(data.lines).replace(/\r?\n$/, ''),
  };
}

function isMatchMessage(message: unknown): message is RgMatchMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'match';
}

/** ripgrep sends non-UTF-8 text as base64 bytes; decode it leniently. */
function decode(value: RgText): string {
  if (value.text !== undefined) return value.text;
  return value.bytes !== undefined ? Buffer.from(value.bytes, 'base64').toString('utf8') : '';
}

let availability: Map<string, Promise<boolean>> | undefined;

/** Whether ripgrep runs here; asked once per binary path and remembered. */
export function ripgrepAvailable(rgPath = 'rg'): Promise<boolean> {
  availability ??= new Map();
  let known = availability.get(rgPath);
  if (!known) {
    known = new Promise((resolve) => {
      const probe = spawn(rgPath, ['--version'], { stdio: 'ignore' });
      probe.on('error', () => resolve(false));
      probe.on('close', (code) => resolve(code === 0));
    });
    availability.set(rgPath, known);
  }
  return known;
}
