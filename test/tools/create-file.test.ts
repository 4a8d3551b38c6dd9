import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFile, symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { createFileTool } from '../../src/tools/create-file';
import { cleanupTempDirs, context, tempDir, writeFiles } from './workspace-fixture';

describe('create_file', () => {
  let root: string;
  const create = (args: Parameters<typeof createFileTool.execute>[0]) => createFileTool.execute(args, context(root));

  beforeEach(async () => {
    root = await tempDir('crux-create-');
    await writeFiles(root, { 'existing.txt': 'old\n' });
  });
  afterEach(cleanupTempDirs);

  it('creates a file and its folders, recording it as new', async () => {
    const result = await create({ path: 'tests/unit/test_new.py', content: 'def test():\n    pass\n' });
    assert.equal(result.isError, false);
    assert.equal(result.output, 'Created tests/unit/test_new.py (2 lines).');
    assert.equal(await readFile(path.join(root, 'tests/unit/test_new.py'), 'utf8'), 'def test():\n    pass\n');
    assert.ok(result.edit);
    assert.equal(result.edit.beforeHash, null);
    assert.equal(result.edit.afterHash, createHash('sha256').update('def test():\n    pass\n').digest('hex'));
    assert.match(result.edit.diff, /^--- \/dev\/null\n\+\+\+ b\/tests\/unit\/test_new\.py\n@@ -0,0 \+1,2 @@\n\+def test\(\):/);
  });

  it('refuses to replace an existing file unless overwrite is true', async () => {
    const refused = await create({ path: 'existing.txt', content: 'new\n' });
    assert.equal(refused.isError, true);
    assert.match(refused.output, /already exists\. Use edit_file/);
    assert.equal(await readFile(path.join(root, 'existing.txt'), 'utf8'), 'old\n');

    const replaced = await create({ path: 'existing.txt', content: 'new\n', overwrite: true });
    assert.equal(replaced.isError, false);
    assert.match(replaced.output, /^Overwrote existing\.txt \(\+1 -1 lines\)/);
    assert.notEqual(replaced.edit?.beforeHash, null);
    assert.equal(await readFile(path.join(root, 'existing.txt'), 'utf8'), 'new\n');
  });

  it('refuses folders, the root, .git, escapes and symlinked folders leading outside', async () => {
    const outside = await tempDir('crux-create-outside-');
    await symlink(outside, path.join(root, 'out'));
    const cases: Array<[string, RegExp]> = [
      ['.', /not the workspace root/],
      ['existing.txt/child', /not a folder|does not exist/],
      ['.git/hooks/post-checkout', /inside \.git/],
      ['../escape.txt', /outside the workspace/],
      [path.join(outside, 'abs.txt'), /outside the workspace/],
      ['out/evil.txt', /symlink/],
    ];
    for (const [target, expected] of cases) {
      const result = await create({ path: target, content: 'x' });
      assert.equal(result.isError, true, target);
      assert.match(result.output, expected, target);
    }
    await writeFiles(root, { 'dir/inner.txt': 'x' });
    assert.match((await create({ path: 'dir', content: 'x', overwrite: true })).output, /is a folder/);
  });
});
