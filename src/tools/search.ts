// search: find where text occurs in the workspace, answered as `path:line: text` lines a
// model can follow with read_file. ripgrep does the work when it is installed; otherwise a
// Node walk with the same .gitignore view does it (slower, same results).
import { resolveInWorkspace } from './paths';
import { fail, guarded, ok } from './results';
import { compilePattern, searchWithNode } from './search-node';
import { ripgrepAvailable, searchWithRipgrep } from './search-ripgrep';
import type { SearchOutcome, SearchQuery } from './search-types';
import type { Tool } from './types';

export type SearchArgs = {
  pattern: string;
  path?: string;
  literal?: boolean;
  glob?: string;
  case_insensitive?: boolean;
};

export type SearchEngine = 'auto' | 'ripgrep' | 'node';

export interface SearchToolOptions {
  /** 'auto' (default) uses ripgrep when it runs here and the Node walk otherwise. */
  engine?: SearchEngine;
  /** ripgrep binary; default "rg" from PATH. */
  rgPath?: string;
}

/** Matched lines are cut to this length: a match in minified code must not flood the context. */
export const MAX_MATCH_TEXT_CHARS = 300;

// Counting stops at this multiple of the result cap, so a pattern like "e" ends quickly.
const COUNT_BEYOND_CAP_FACTOR = 50;

export function createSearchTool(options: SearchToolOptions = {}): Tool<SearchArgs> {
  const engine = options.engine ?? 'auto';
  const rgPath = options.rgPath ?? 'rg';

  async function run(query: SearchQuery): Promise<SearchOutcome> {
    const useRipgrep = engine === 'ripgrep' || (engine === 'auto' && (await ripgrepAvailable(rgPath)));
    if (!useRipgrep) return searchWithNode(query);
    const outcome = await searchWithRipgrep(query, rgPath);
    if (outcome.kind === 'unavailable' && engine === 'auto') return searchWithNode(query);
    // ripgrep's regex syntax lacks look-around and backreferences; JavaScript has them, so
    // a pattern only ripgrep rejects is still searched, by the Node engine.
    if (outcome.kind === 'bad-pattern' && compilePattern(query).ok) return searchWithNode(query);
    return outcome;
  }

  return {
    name: 'search',
    description:
      'Search file contents for a regular expression (or plain text with literal: true). ' +
      'Returns matching lines as "path:line: text". Files ignored by .gitignore are skipped.',
    parameters: {
      type: 'object',
      properties: {
        pattern: { type: 'string', minLength: 1, description: 'Regular expression to find, e.g. "def parse_\\w+". With literal: true, the exact text.' },
        path: { type: 'string', description: 'File or folder to search in, relative to the workspace root. Default: everything.' },
        literal: { type: 'boolean', description: 'true: treat pattern as plain text, not a regular expression. Default: false.' },
        glob: { type: 'string', description: 'Only search files whose path matches this glob, e.g. "*.py" or "src/**/*.ts".' },
        case_insensitive: { type: 'boolean', description: 'true: ignore upper/lower case. Default: false.' },
      },
      required: ['pattern'],
      additionalProperties: false,
    },
    risk: () => 'read',
    describe: (args) => `Search for ${JSON.stringify(args.pattern)}${args.path ? ` in ${args.path}` : ''}`,
    execute: (args, ctx) =>
      guarded(args.path ?? '.', async () => {
        const scope = await resolveInWorkspace(ctx.workspace.root, args.path ?? '.');
        const maxResults = ctx.limits.maxSearchResults;
        const outcome = await run({
          root: ctx.workspace.root,
          rel: scope.rel,
          pattern: args.pattern,
          literal: args.literal ?? false,
          caseInsensitive: args.case_insensitive ?? false,
          glob: args.glob?.trim() || undefined,
          maxResults,
          countLimit: maxResults * COUNT_BEYOND_CAP_FACTOR,
          signal: ctx.signal,
        });
        if (outcome.kind === 'unavailable') return fail(`Search could not run: ${outcome.message}`);
        if (outcome.kind === 'bad-pattern') {
          return fail(
            `Invalid search pattern ${JSON.stringify(args.pattern)}: ${outcome.message}\n` +
              'Fix the regular expression, or set literal to true to search for the text exactly as written.',
          );
        }
        const where = scope.rel === '.' ? '' : ` in ${scope.rel}`;
        const filter = args.glob ? ` (files matching ${args.glob})` : '';
        if (outcome.total === 0) return ok(`No matches for ${JSON.stringify(args.pattern)}${where}${filter}.`);
        const lines = outcome.matches.map((m) => `${m.path}:${m.line}: ${clip(m.text)}`);
        const hidden = outcome.total - outcome.matches.length;
        if (hidden === 0) return ok(lines.join('\n'));
        const more = outcome.totalIsLowerBound ? `At least ${hidden}` : String(hidden);
        return ok(`${lines.join('\n')}\n[${more} more matches not shown. Narrow the search with path, glob or a more specific pattern.]`, {
          truncated: true,
        });
      }),
  };
}

function clip(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed.length <= MAX_MATCH_TEXT_CHARS ? trimmed : `${trimmed.slice(0, MAX_MATCH_TEXT_CHARS)}... [line cut]`;
}

export const searchTool = createSearchTool();
