import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { workspacePatch } from '../../src/tools/patch';
import { cleanupTempDirs, commitAll, git, initRepo, tempDir, writeFiles } from './workspace-fixture';

describe('workspacePatch', () => {
  let root: string;
  afterEach(cleanupTempDirs);

  beforeEach(async () => {
    root = await tempDir('crux-patch-');
    initRepo(root);
    await writeFiles(root, { 'a.txt': 'one\ntwo\n', 'gone.txt': 'bye\n', '.gitignore': 'build/\n' });
    commitAll(root, 'initial');
  });

  it('sees a same-size edit made in the same second as the last index write (racy git)', async () => {
    // git trusts an entry's cached stats unless the entry is as new as the index file
    // ("racily clean"); timestamps are compared in whole seconds. Commit and edit within one
    // second, then diff in the next: a scratch index with a fresh mtime would make git trust
    // the stale stats and miss the edit.
    await untilFreshSecond();
    await writeFiles(root, { 'a.txt': 'one\nsix\n' });
    commitAll(root, 'same second');
    await writeFiles(root, { 'a.txt': 'one\nTWO\n' });
    await untilFreshSecond();
    assert.match(await workspacePatch(root), /-six\n\+TWO\n/);
  });

  it('returns an empty patch when nothing changed', async () => {
    assert.equal(await workspacePatch(root), '');
  });

  it('includes modified, deleted and untracked files, but not ignored ones', async () => {
    await writeFiles(root, { 'a.txt': 'one\nTWO\n', 'src/new.py': 'print("hi")\n', 'build/out.o': 'binary-ish' });
    git(root, 'rm', '-q', '--cached', 'gone.txt');
    execFileSync('rm', [path.join(root, 'gone.txt')]);
    const patch = await workspacePatch(root);
    assert.match(patch, /diff --git a\/a\.txt b\/a\.txt\n[\s\S]*-two\n\+TWO\n/);
    assert.match(patch, /diff --git a\/gone\.txt b\/gone\.txt\ndeleted file mode/);
    assert.match(patch, /diff --git a\/src\/new\.py b\/src\/new\.py\nnew file mode 100644\n[\s\S]*\+print\("hi"\)\n/);
    assert.doesNotMatch(patch, /build\//);
  });

  it('leaves the user\'s index untouched, staged changes included', async () => {
    await writeFiles(root, { 'a.txt': 'one\nstaged\n' });
    git(root, 'add', 'a.txt');
    await writeFiles(root, { 'a.txt': 'one\nstaged\nand more\n', 'untracked.txt': 'u\n' });
    const index = path.join(root, '.git', 'index');
    const indexBefore = await readFile(index);
    const cachedBefore = git(root, 'diff', '--cached');
    const statusBefore = git(root, 'status', '--porcelain');

    const patch = await workspacePatch(root);
    // The patch is the working tree against HEAD: staged and unstaged changes together.
    assert.match(patch, /-two\n\+staged\n\+and more\n/);
    assert.match(patch, /untracked\.txt/);

    assert.deepEqual(await readFile(index), indexBefore);
    assert.equal(git(root, 'diff', '--cached'), cachedBefore);
    assert.equal(git(root, 'status', '--porcelain'), statusBefore);
  });

  it('applies cleanly to the original commit', async () => {
    await writeFiles(root, { 'a.txt': 'one\nTWO\n', 'added/file.txt': 'new\n' });
    const patch = await workspacePatch(root);
    const clone = await tempDir('crux-patch-clone-');
    git(clone, 'clone', '-q', root, '.');
    execFileSync('git', ['apply', '--check', '-'], { cwd: clone, input: patch });
  });

  it('works in a repository without commits', async () => {
    const fresh = await tempDir('crux-patch-fresh-');
    initRepo(fresh);
    assert.equal(await workspacePatch(fresh), '');
    await writeFiles(fresh, { 'first.txt': 'hello\n' });
    const patch = await workspacePatch(fresh);
    assert.match(patch, /diff --git a\/first\.txt b\/first\.txt\nnew file mode 100644/);
    assert.match(patch, /\+hello\n/);
    assert.equal(git(fresh, 'status', '--porcelain'), '?? first.txt\n');
  });

  it('returns an empty patch outside a git repository', async () => {
    const plain = await tempDir('crux-patch-plain-');
    await writeFiles(plain, { 'x.txt': 'x' });
    assert.equal(await workspacePatch(plain), '');
  });
});

/** Waits until the clock has just entered a new second. */
async function untilFreshSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
}
