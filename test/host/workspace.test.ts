import { strict as assert } from 'node:assert';
import { readFile, stat, symlink, writeFile, chmod } from 'node:fs/promises';
import * as path from 'node:path';
import { NodeWorkspace } from '../../src/host/node/workspace';
import { cleanupTempDirs, tempDir } from '../tools/workspace-fixture';

describe('NodeWorkspace', () => {
  afterEach(cleanupTempDirs);

  it('resolves the root to its real path', async () => {
    const real = await tempDir('crux-ws-');
    const holder = await tempDir('crux-ws-link-');
    const link = path.join(holder, 'link');
    await symlink(real, link);
    assert.equal(new NodeWorkspace(link).root, real);
    assert.equal((await NodeWorkspace.open(link)).root, real);
  });

  it('writes files, creating parent folders, and reads them back', async () => {
    const workspace = await NodeWorkspace.open(await tempDir('crux-ws-'));
    const file = path.join(workspace.root, 'a', 'b', 'c.txt');
    await workspace.writeText(file, 'héllo\n');
    assert.equal(await readFile(file, 'utf8'), 'héllo\n');
    assert.equal(await workspace.readText(file), 'héllo\n');
  });

  it('keeps the mode of a file it rewrites', async () => {
    const workspace = await NodeWorkspace.open(await tempDir('crux-ws-'));
    const script = path.join(workspace.root, 'run.sh');
    await writeFile(script, '#!/bin/sh\n');
    await chmod(script, 0o755);
    await workspace.writeText(script, '#!/bin/sh\necho hi\n');
    assert.equal((await stat(script)).mode & 0o777, 0o755);
  });

  it('rejects a missing root', () => {
    assert.throws(() => new NodeWorkspace('/nonexistent/crux/root'), /ENOENT/);
  });
});
