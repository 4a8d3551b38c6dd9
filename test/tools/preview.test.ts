// Approval prompts show what an edit would change; working that out must change nothing.
import { strict as assert } from 'node:assert';
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { createFileTool } from '../../src/tools/create-file';
import { editFileTool } from '../../src/tools/edit-file';
import { cleanupTempDirs, context, tempDir, writeFiles } from './workspace-fixture';

describe('tool previews', () => {
  let root: string;
  beforeEach(async () => {
    root = await tempDir('crux-preview-');
    await writeFiles(root, { 'calc.py': 'def sub(a, b):\n    return a + b\n' });
  });
  afterEach(cleanupTempDirs);

  it('edit_file previews the unified diff without writing', async () => {
    const diff = await editFileTool.preview?.({ path: 'calc.py', old_string: 'a + b', new_string: 'a - b' }, context(root));
    assert.match(diff ?? '', /^--- a\/calc\.py\n\+\+\+ b\/calc\.py\n/);
    assert.match(diff ?? '', /- {4}return a \+ b\n\+ {4}return a - b/);
    assert.equal(await readFile(path.join(root, 'calc.py'), 'utf8'), 'def sub(a, b):\n    return a + b\n');
  });

  it('edit_file has no preview when the edit cannot apply', async () => {
    assert.equal(await editFileTool.preview?.({ path: 'calc.py', old_string: 'nope', new_string: 'x' }, context(root)), null);
    assert.equal(await editFileTool.preview?.({ path: '../outside.py', old_string: 'a', new_string: 'b' }, context(root)), null);
  });

  it('create_file previews a new file as an addition without creating it', async () => {
    const diff = await createFileTool.preview?.({ path: 'new/mod.py', content: 'x = 1\n' }, context(root));
    assert.match(diff ?? '', /\+x = 1/);
    await assert.rejects(stat(path.join(root, 'new')));
  });

  it('create_file has no preview for an existing file without overwrite', async () => {
    assert.equal(await createFileTool.preview?.({ path: 'calc.py', content: 'x' }, context(root)), null);
  });
});
