import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { editFileTool } from '../../src/tools/edit-file';
import { cleanupTempDirs, context, tempDir, writeFiles } from './workspace-fixture';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('edit_file', () => {
  let root: string;
  const read = (rel: string) => readFile(path.join(root, rel), 'utf8');
  const edit = (args: Parameters<typeof editFileTool.execute>[0]) => editFileTool.execute(args, context(root));
  const source = 'def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n';

  beforeEach(async () => {
    root = await tempDir('crux-edit-');
    await writeFiles(root, { 'calc.py': source });
  });
  afterEach(cleanupTempDirs);

  it('replaces an exact match and returns a unified diff and hashes', async () => {
    const result = await edit({ path: 'calc.py', old_string: 'return a - b', new_string: 'return a - b  # subtract' });
    assert.equal(result.isError, false);
    const after = await read('calc.py');
    assert.equal(after, source.replace('return a - b', 'return a - b  # subtract'));
    assert.ok(result.edit);
    assert.equal(result.edit.path, 'calc.py');
    assert.equal(result.edit.beforeHash, sha(source));
    assert.equal(result.edit.afterHash, sha(after));
    assert.match(result.edit.diff, /^--- a\/calc\.py\n\+\+\+ b\/calc\.py\n@@ /);
    assert.match(result.edit.diff, /\n- {4}return a - b\n\+ {4}return a - b {2}# subtract\n/);
    assert.match(result.output, /^Edited calc\.py \(\+1 -1 lines\)\./);
  });

  it('applies a list of edits in order, all or nothing', async () => {
    const ok = await edit({
      path: 'calc.py',
      edits: [
        { old_string: 'def add(a, b):', new_string: 'def add(a: int, b: int) -> int:' },
        { old_string: 'def sub(a, b):', new_string: 'def sub(a: int, b: int) -> int:' },
      ],
    });
    assert.equal(ok.isError, false);
    assert.match(await read('calc.py'), /def add\(a: int, b: int\) -> int:[\s\S]*def sub\(a: int, b: int\) -> int:/);

    const before = await read('calc.py');
    const failed = await edit({ path: 'calc.py', edits: [{ old_string: 'return a + b', new_string: 'return b + a' }, { old_string: 'missing', new_string: 'x' }] });
    assert.equal(failed.isError, true);
    assert.match(failed.output, /^Edit 2 of 2: old_string was not found in calc\.py\. No edit was applied\./);
    assert.equal(await read('calc.py'), before);
  });

  it('reports no match with the closest lines of the file', async () => {
    const result = await edit({ path: 'calc.py', old_string: 'def sub(x, y):\n    return x - y', new_string: 'pass' });
    assert.equal(result.isError, true);
    assert.match(result.output, /old_string was not found in calc\.py/);
    assert.match(result.output, /The most similar lines in the file are 5-6:\n5\tdef sub\(a, b\):\n6\t {4}return a - b/);
    assert.equal(await read('calc.py'), source);
  });

  it('reports every place when the text matches more than once', async () => {
    const result = await edit({ path: 'calc.py', old_string: '(a, b):', new_string: '(x, y):' });
    assert.equal(result.isError, true);
    assert.match(result.output, /matches 2 places in calc\.py, at lines 1, 5/);
    assert.equal(await read('calc.py'), source);
  });

  it('matches despite different indentation and keeps the file\'s indentation', async () => {
    await writeFiles(root, { 'cls.py': 'class A:\n    def f(self):\n        if x:\n            return 1\n        return 2\n' });
    const result = await edit({ path: 'cls.py', old_string: 'if x:\n    return 1', new_string: 'if x:\n    log(x)\n    return 1' });
    assert.equal(result.isError, false, result.output);
    assert.equal(await read('cls.py'), 'class A:\n    def f(self):\n        if x:\n            log(x)\n            return 1\n        return 2\n');
    assert.match(result.output, /matched ignoring indentation/);
  });

  it('matches despite trailing whitespace differences', async () => {
    await writeFiles(root, { 'trail.js': 'const a = 1;   \nconst b = 2;\n' });
    const result = await edit({ path: 'trail.js', old_string: 'const a = 1;\nconst b = 2;', new_string: 'const a = 1;\nconst b = 3;' });
    assert.equal(result.isError, false, result.output);
    assert.equal(await read('trail.js'), 'const a = 1;   \nconst b = 3;\n');
  });

  it('keeps CRLF line endings of a CRLF file', async () => {
    await writeFiles(root, { 'win.txt': 'one\r\ntwo\r\nthree\r\n' });
    const result = await edit({ path: 'win.txt', old_string: 'two\nthree', new_string: 'TWO\nthree' });
    assert.equal(result.isError, false, result.output);
    assert.equal(await read('win.txt'), 'one\r\nTWO\r\nthree\r\n');
  });

  it('deletes text when new_string is empty', async () => {
    await edit({ path: 'calc.py', old_string: '\n\ndef sub(a, b):\n    return a - b\n', new_string: '' });
    assert.equal(await read('calc.py'), 'def add(a, b):\n    return a + b\n');
  });

  it('returns clear errors for bad arguments and files', async () => {
    const cases: Array<[Parameters<typeof editFileTool.execute>[0], RegExp]> = [
      [{ path: 'calc.py', old_string: 'x' }, /needs both old_string and new_string/],
      [{ path: 'calc.py', old_string: '', new_string: 'x' }, /old_string is empty/],
      [{ path: 'calc.py', old_string: 'def', new_string: 'def' }, /are the same/],
      [{ path: 'calc.py', old_string: 'a', new_string: 'b', edits: [{ old_string: 'a', new_string: 'b' }] }, /not both/],
      [{ path: 'missing.py', old_string: 'a', new_string: 'b' }, /missing\.py does not exist\. Use create_file/],
      [{ path: '../calc.py', old_string: 'a', new_string: 'b' }, /outside the workspace/],
      [{ path: '.git/config', old_string: 'a', new_string: 'b' }, /inside \.git/],
    ];
    for (const [args, expected] of cases) {
      const result = await edit(args);
      assert.equal(result.isError, true, JSON.stringify(args));
      assert.match(result.output, expected);
    }
  });

  it('refuses binary files', async () => {
    await writeFiles(root, { 'blob.bin': new Uint8Array([1, 0, 2, 0]) });
    const result = await edit({ path: 'blob.bin', old_string: 'a', new_string: 'b' });
    assert.equal(result.isError, true);
    assert.match(result.output, /binary file/);
  });
});
