import { strict as assert } from 'node:assert';
import { createSearchTool, type SearchEngine } from '../../src/tools/search';
import { expandBraces, globFilter } from '../../src/tools/search-node';
import { ripgrepAvailable } from '../../src/tools/search-ripgrep';
import { cleanupTempDirs, context, initRepo, tempDir, writeFiles } from './workspace-fixture';

// Both engines must give the same answers; ripgrep runs where it is installed (CI installs
// it), the Node fallback always.
for (const engine of ['node', 'ripgrep'] as const satisfies readonly SearchEngine[]) {
  describe(`search (${engine} engine)`, () => {
    const search = createSearchTool({ engine });
    let root: string;

    before(async function () {
      if (engine === 'ripgrep' && !(await ripgrepAvailable())) this.skip();
    });

    beforeEach(async () => {
      root = await tempDir('crux-search-');
      await writeFiles(root, {
        '.gitignore': 'node_modules/\n*.log\n',
        'src/app.ts': 'import { parse } from "./parse";\nconst value = parse("x");\nexport default value;\n',
        'src/parse.ts': 'export function parse(input: string) {\n  return input.trim();\n}\n',
        'src/nested/.gitignore': 'secret.ts\n',
        'src/nested/secret.ts': 'export const parse = 1;\n',
        'src/nested/open.ts': 'const PARSE_ME = "Parse";\n',
        'docs/notes.md': 'how to parse things (carefully)\n',
        'debug.log': 'parse error at line 3\n',
        'node_modules/lib/index.js': 'function parse() {}\n',
        'data.bin': new Uint8Array([0x70, 0x61, 0x72, 0x73, 0x65, 0, 1, 2, 3]),
      });
    });
    afterEach(cleanupTempDirs);

    const run = (args: Parameters<typeof search.execute>[0], limits = {}) => search.execute(args, context(root, { limits }));

    it('finds regex matches as path:line: text, sorted by path, skipping ignored and binary files', async () => {
      const result = await run({ pattern: 'parse\\(' });
      assert.equal(result.isError, false);
      assert.deepEqual(result.output.split('\n'), ['src/app.ts:2: const value = parse("x");', 'src/parse.ts:1: export function parse(input: string) {']);
    });

    it('respects .gitignore in a workspace that is a git repository too', async () => {
      initRepo(root);
      const result = await run({ pattern: 'parse', literal: true });
      const files = new Set(result.output.split('\n').map((line) => line.split(':')[0]));
      assert.deepEqual([...files].sort(), ['docs/notes.md', 'src/app.ts', 'src/parse.ts']);
    });

    it('searches literally when asked, where the text is not a valid regex', async () => {
      const result = await run({ pattern: 'parse things (', literal: true });
      assert.equal(result.output, 'docs/notes.md:1: how to parse things (carefully)');
    });

    it('ignores case when asked', async () => {
      const result = await run({ pattern: 'parse_me', case_insensitive: true });
      assert.equal(result.output, 'src/nested/open.ts:1: const PARSE_ME = "Parse";');
    });

    it('limits the search to a path and to a glob', async () => {
      assert.deepEqual((await run({ pattern: 'parse', path: 'docs' })).output, 'docs/notes.md:1: how to parse things (carefully)');
      const globbed = await run({ pattern: 'parse', glob: '*.md' });
      assert.equal(globbed.output, 'docs/notes.md:1: how to parse things (carefully)');
      const braces = await run({ pattern: 'trim|things', glob: '*.{md,ts}' });
      assert.equal(braces.output.split('\n').length, 2);
    });

    it('searches a file named explicitly even when it is ignored', async () => {
      const result = await run({ pattern: 'error', path: 'debug.log' });
      assert.equal(result.output, 'debug.log:1: parse error at line 3');
    });

    it('caps results and says how many more there are', async () => {
      const lines = Array.from({ length: 30 }, (_, i) => `match ${i}`).join('\n');
      await writeFiles(root, { 'many.txt': `${lines}\n` });
      const result = await run({ pattern: 'match \\d+', path: 'many.txt' }, { maxSearchResults: 5 });
      const out = result.output.split('\n');
      assert.equal(out.length, 6);
      assert.equal(out[0], 'many.txt:1: match 0');
      assert.match(out[5] as string, /^\[25 more matches not shown/);
      assert.equal(result.truncated, true);
    });

    it('says so when nothing matches', async () => {
      const result = await run({ pattern: 'no_such_identifier' });
      assert.equal(result.isError, false);
      assert.match(result.output, /^No matches for "no_such_identifier"/);
    });

    it('returns a clear error for an invalid regex', async () => {
      const result = await run({ pattern: 'parse(' });
      assert.equal(result.isError, true);
      assert.match(result.output, /^Invalid search pattern "parse\("/);
      assert.match(result.output, /literal to true/);
    });

    it('handles look-around, which only JavaScript regexes support', async () => {
      const result = await run({ pattern: 'parse(?=\\("x)' });
      assert.equal(result.output, 'src/app.ts:2: const value = parse("x");');
    });

    it('takes patterns that start with a dash as patterns, not options', async () => {
      await writeFiles(root, { 'cli.txt': 'use --verbose here\n' });
      assert.equal((await run({ pattern: '--verbose' })).output, 'cli.txt:1: use --verbose here');
    });

    it('refuses paths outside the workspace', async () => {
      const result = await run({ pattern: 'root', path: '../' });
      assert.equal(result.isError, true);
      assert.match(result.output, /outside the workspace/);
    });
  });
}

describe('search engine choice', () => {
  afterEach(cleanupTempDirs);

  it('falls back to the Node engine when ripgrep is missing (auto)', async () => {
    const root = await tempDir('crux-search-auto-');
    await writeFiles(root, { 'a.txt': 'needle\n' });
    const search = createSearchTool({ rgPath: '/nonexistent/bin/rg' });
    assert.equal((await search.execute({ pattern: 'needle' }, context(root))).output, 'a.txt:1: needle');
  });

  it('reports an error when ripgrep is required but missing', async () => {
    const root = await tempDir('crux-search-rg-');
    const search = createSearchTool({ engine: 'ripgrep', rgPath: '/nonexistent/bin/rg' });
    const result = await search.execute({ pattern: 'needle' }, context(root));
    assert.equal(result.isError, true);
    assert.match(result.output, /not installed/);
  });
});

describe('search glob helpers', () => {
  it('expands braces, nested and repeated', () => {
    assert.deepEqual(expandBraces('*.{ts,tsx}'), ['*.ts', '*.tsx']);
    assert.deepEqual(expandBraces('{a,b}/*.{c,d}'), ['a/*.c', 'a/*.d', 'b/*.c', 'b/*.d']);
    assert.deepEqual(expandBraces('plain/*.py'), ['plain/*.py']);
  });

  it('matches like gitignore globs, with ! excluding', () => {
    assert.equal(globFilter('*.py')('pkg/mod/a.py'), true);
    assert.equal(globFilter('src/**/*.ts')('src/a/b.ts'), true);
    assert.equal(globFilter('src/**/*.ts')('lib/b.ts'), false);
    assert.equal(globFilter('!*.md')('README.md'), false);
    assert.equal(globFilter('!*.md')('main.ts'), true);
    assert.equal(globFilter(undefined)('anything'), true);
  });
});
