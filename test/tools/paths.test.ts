import { strict as assert } from 'node:assert';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { PathError, resolveInWorkspace } from '../../src/tools/paths';
import { cleanupTempDirs, tempDir, writeFiles } from './workspace-fixture';

describe('resolveInWorkspace', () => {
  let root: string;
  let outside: string;

  beforeEach(async () => {
    root = await tempDir('crux-paths-');
    outside = await tempDir('crux-outside-');
    await writeFiles(root, { 'src/a.ts': 'a', '.git/HEAD': 'ref: refs/heads/main\n' });
    await writeFile(path.join(outside, 'secret.txt'), 'secret');
  });
  afterEach(cleanupTempDirs);

  it('resolves relative paths with forward-slash rel paths', async () => {
    assert.deepEqual(await resolveInWorkspace(root, 'src/a.ts'), { abs: path.join(root, 'src', 'a.ts'), rel: 'src/a.ts' });
    assert.deepEqual(await resolveInWorkspace(root, './src/../src/a.ts'), { abs: path.join(root, 'src', 'a.ts'), rel: 'src/a.ts' });
    assert.equal((await resolveInWorkspace(root, '.')).rel, '.');
    assert.equal((await resolveInWorkspace(root, '')).rel, '.');
  });

  it('accepts paths that do not exist yet, checking their deepest existing parent', async () => {
    assert.equal((await resolveInWorkspace(root, 'new/dir/file.ts')).rel, 'new/dir/file.ts');
  });

  it('accepts an absolute path inside the root', async () => {
    assert.equal((await resolveInWorkspace(root, path.join(root, 'src', 'a.ts'))).rel, 'src/a.ts');
  });

  it('refuses an absolute path outside the root', async () => {
    await assert.rejects(resolveInWorkspace(root, path.join(outside, 'secret.txt')), PathError);
    await assert.rejects(resolveInWorkspace(root, '/etc/passwd'), /outside the workspace/);
  });

  it('refuses .. escapes, also ones that pass through a folder', async () => {
    await assert.rejects(resolveInWorkspace(root, '../x'), /outside the workspace/);
    await assert.rejects(resolveInWorkspace(root, 'src/../../x'), PathError);
    await assert.rejects(resolveInWorkspace(root, '..'), PathError);
  });

  it('refuses a sibling folder whose name starts with the root name', async () => {
    await assert.rejects(resolveInWorkspace(root, `../${path.basename(root)}-evil/x`), PathError);
  });

  it('refuses NUL bytes', async () => {
    await assert.rejects(resolveInWorkspace(root, 'src/a.ts\0.png'), /NUL/);
  });

  it('refuses a symlinked file that points outside', async () => {
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
    await assert.rejects(resolveInWorkspace(root, 'link.txt'), /symlink/);
  });

  it('refuses a symlinked folder that points outside, for existing and new files below it', async () => {
    await symlink(outside, path.join(root, 'out'));
    await assert.rejects(resolveInWorkspace(root, 'out/secret.txt'), /symlink/);
    await assert.rejects(resolveInWorkspace(root, 'out/new/file.txt', { forWrite: true }), /symlink/);
  });

  it('refuses a dangling symlink, whose target cannot be checked', async () => {
    await symlink(path.join(outside, 'missing.txt'), path.join(root, 'dangling'));
    await assert.rejects(resolveInWorkspace(root, 'dangling', { forWrite: true }), /broken symlink/);
  });

  it('accepts symlinks that stay inside the workspace', async () => {
    await symlink(path.join(root, 'src'), path.join(root, 'alias'));
    assert.equal((await resolveInWorkspace(root, 'alias/a.ts')).rel, 'alias/a.ts');
  });

  it('refuses writes inside .git (any depth, any case) but allows reading there', async () => {
    await assert.rejects(resolveInWorkspace(root, '.git/HEAD', { forWrite: true }), /\.git/);
    await assert.rejects(resolveInWorkspace(root, '.git/hooks/pre-commit', { forWrite: true }), PathError);
    await assert.rejects(resolveInWorkspace(root, 'vendor/lib/.git/config', { forWrite: true }), PathError);
    await assert.rejects(resolveInWorkspace(root, '.GIT/config', { forWrite: true }), PathError);
    assert.equal((await resolveInWorkspace(root, '.git/HEAD')).rel, '.git/HEAD');
    assert.equal((await resolveInWorkspace(root, '.github/workflows/ci.yml', { forWrite: true })).rel, '.github/workflows/ci.yml');
  });

  it('works when the root itself is given through a symlink', async () => {
    const via = path.join(outside, 'root-link');
    await symlink(root, via);
    await mkdir(path.join(root, 'deep'), { recursive: true });
    const resolved = await resolveInWorkspace(via, path.join(via, 'src', 'a.ts'));
    assert.equal(resolved.rel, 'src/a.ts');
    assert.equal(resolved.abs, path.join(root, 'src', 'a.ts'));
  });
});
