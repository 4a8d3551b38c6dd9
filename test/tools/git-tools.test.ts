import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { gitDiffTool } from '../../src/tools/git-diff';
import { gitStatusTool } from '../../src/tools/git-status';
import { cleanupTempDirs, commitAll, context, git, initRepo, tempDir, writeFiles } from './workspace-fixture';

describe('git_status and git_diff', () => {
  let root: string;

  beforeEach(async () => {
    root = await tempDir('crux-git-');
    initRepo(root);
    await writeFiles(root, { 'a.txt': 'one\ntwo\n', 'b.txt': 'bee\n', '.gitignore': 'ignored/\n' });
    commitAll(root, 'initial');
  });
  afterEach(cleanupTempDirs);

  it('git_status says when the tree is clean', async () => {
    const result = await gitStatusTool.execute({}, context(root));
    assert.equal(result.isError, false);
    assert.equal(result.output, 'Branch: main\nNo changes: the working tree matches the last commit.');
  });

  it('git_status lists modified and new files, not ignored ones, with a legend', async () => {
    await writeFiles(root, { 'a.txt': 'one\nTWO\n', 'new/c.txt': 'sea\n', 'ignored/x.txt': 'x' });
    const result = await gitStatusTool.execute({}, context(root));
    const lines = result.output.split('\n');
    assert.equal(lines[0], 'Branch: main');
    assert.ok(lines.includes(' M a.txt'));
    assert.ok(lines.includes('?? new/c.txt'));
    assert.ok(!result.output.includes('ignored/'));
    assert.match(result.output, /Codes: M modified/);
  });

  it('git_status does not rewrite the index', async () => {
    const index = path.join(root, '.git', 'index');
    const before = await readFile(index);
    await writeFiles(root, { 'a.txt': 'changed\n' });
    await gitStatusTool.execute({}, context(root));
    assert.deepEqual(await readFile(index), before);
  });

  it('git_diff shows unstaged changes and lists new files', async () => {
    await writeFiles(root, { 'a.txt': 'one\nTWO\n', 'b.txt': 'BEE\n', 'new.txt': 'fresh\n' });
    const all = await gitDiffTool.execute({}, context(root));
    assert.equal(all.isError, false);
    assert.match(all.output, /^diff --git a\/a\.txt b\/a\.txt\n/);
    assert.match(all.output, /\n-two\n\+TWO\n/);
    assert.match(all.output, /New files not yet tracked by git \(not shown above; use read_file\):\nnew\.txt$/);
    const one = await gitDiffTool.execute({ path: 'b.txt' }, context(root));
    assert.match(one.output, /^diff --git a\/b\.txt b\/b\.txt\n/);
    assert.doesNotMatch(one.output, /a\.txt/);
  });

  it('git_diff staged shows only what was added to the index', async () => {
    await writeFiles(root, { 'a.txt': 'one\nTWO\n', 'b.txt': 'BEE\n' });
    git(root, 'add', 'b.txt');
    const staged = await gitDiffTool.execute({ staged: true }, context(root));
    assert.match(staged.output, /b\.txt/);
    assert.doesNotMatch(staged.output, /a\.txt/);
  });

  it('git_diff says when there are no changes, and refuses paths outside', async () => {
    assert.equal((await gitDiffTool.execute({}, context(root))).output, 'No changes since the last commit.');
    assert.equal((await gitDiffTool.execute({ staged: true }, context(root))).output, 'No staged changes.');
    const outside = await gitDiffTool.execute({ path: '../x' }, context(root));
    assert.equal(outside.isError, true);
  });

  it('both report a clear error outside a git repository', async () => {
    const plain = await tempDir('crux-nogit-');
    for (const tool of [gitStatusTool, gitDiffTool]) {
      const result = await tool.execute({}, context(plain));
      assert.equal(result.isError, true, tool.name);
      assert.match(result.output, /not a git repository/);
    }
  });
});
