import { strict as assert } from 'node:assert';
import { symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { readFileTool } from '../../src/tools/read-file';
import { cleanupTempDirs, context, tempDir, writeFiles } from './workspace-fixture';

describe('read_file', () => {
  let root: string;
  const numbered = (count: number) => Array.from({ length: count }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

  beforeEach(async () => {
    root = await tempDir('crux-read-');
    await writeFiles(root, { 'small.txt': 'alpha\nbeta\n', 'big.txt': numbered(25), 'empty.txt': '', 'crlf.txt': 'one\r\ntwo\r\n' });
  });
  afterEach(cleanupTempDirs);

  it('shows numbered lines and the total line count', async () => {
    const result = await readFileTool.execute({ path: 'small.txt' }, context(root));
    assert.equal(result.isError, false);
    assert.equal(result.output, 'small.txt (2 lines)\n1\talpha\n2\tbeta');
  });

  it('pages large files and says how to read the next page', async () => {
    const ctx = context(root, { limits: { readPageLines: 10 } });
    const first = await readFileTool.execute({ path: 'big.txt' }, ctx);
    assert.match(first.output, /^big\.txt \(lines 1-10 of 25\)/);
    assert.match(first.output, / 1\tline 1\n/);
    assert.match(first.output, /10\tline 10\n\[15 more lines\. To read on, call read_file with path "big\.txt" and start_line 11\.\]$/);
    assert.equal(first.truncated, true);
    const last = await readFileTool.execute({ path: 'big.txt', start_line: 21 }, ctx);
    assert.match(last.output, /^big\.txt \(lines 21-25 of 25\)/);
    assert.doesNotMatch(last.output, /more lines/);
  });

  it('shows an inclusive range', async () => {
    const result = await readFileTool.execute({ path: 'big.txt', start_line: 3, end_line: 5 }, context(root));
    assert.equal(result.output, 'big.txt (lines 3-5 of 25)\n3\tline 3\n4\tline 4\n5\tline 5');
  });

  it('caps an explicit range at the page size', async () => {
    const result = await readFileTool.execute({ path: 'big.txt', start_line: 1, end_line: 25 }, context(root, { limits: { readPageLines: 5 } }));
    assert.match(result.output, /lines 1-5 of 25/);
    assert.match(result.output, /start_line 6/);
  });

  it('reports ranges past the end and reversed ranges', async () => {
    const past = await readFileTool.execute({ path: 'small.txt', start_line: 9 }, context(root));
    assert.equal(past.isError, true);
    assert.match(past.output, /past the end of small\.txt, which has 2 lines/);
    const reversed = await readFileTool.execute({ path: 'big.txt', start_line: 5, end_line: 2 }, context(root));
    assert.equal(reversed.isError, true);
  });

  it('says when a file is empty and drops CR from CRLF lines', async () => {
    assert.match((await readFileTool.execute({ path: 'empty.txt' }, context(root))).output, /empty \(0 lines\)/);
    assert.equal((await readFileTool.execute({ path: 'crlf.txt' }, context(root))).output, 'crlf.txt (2 lines)\n1\tone\n2\ttwo');
  });

  it('refuses binary files with a clear message', async () => {
    await writeFiles(root, { 'image.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2]) });
    const result = await readFileTool.execute({ path: 'image.png' }, context(root));
    assert.equal(result.isError, true);
    assert.match(result.output, /image\.png is a binary file/);
  });

  it('returns errors, not exceptions, for missing files, folders and escapes', async () => {
    const missing = await readFileTool.execute({ path: 'nope.txt' }, context(root));
    assert.equal(missing.isError, true);
    assert.match(missing.output, /nope\.txt does not exist/);
    const folder = await readFileTool.execute({ path: '.' }, context(root));
    assert.match(folder.output, /is a folder/);
    const escape = await readFileTool.execute({ path: '../../etc/passwd' }, context(root));
    assert.equal(escape.isError, true);
    assert.match(escape.output, /outside the workspace/);
    const absolute = await readFileTool.execute({ path: '/etc/passwd' }, context(root));
    assert.equal(absolute.isError, true);
  });

  it('refuses a symlink that leads outside', async () => {
    const outside = await tempDir('crux-read-outside-');
    await writeFiles(outside, { 'secret.txt': 'secret' });
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'innocent.txt'));
    const result = await readFileTool.execute({ path: 'innocent.txt' }, context(root));
    assert.equal(result.isError, true);
    assert.doesNotMatch(result.output, /secret\n/);
  });

  it('cuts very long lines', async () => {
    await writeFiles(root, { 'min.js': 'x'.repeat(5000) });
    const result = await readFileTool.execute({ path: 'min.js' }, context(root));
    assert.match(result.output, /\[line cut, 3000 more characters\]/);
  });
});
