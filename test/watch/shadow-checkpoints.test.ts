// The shadow-git Checkpoints port the CLI uses for rollback (src/host/node/): a git directory of
// its own whose work tree is the workspace. Kept with the loop-watch tests, its first user.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointError, defaultCheckpointDir, ShadowGitCheckpoints } from '../../src/host/node/shadow-checkpoints';
import { createGitRepo, type GitFixture } from '../support/git-fixture';

describe('ShadowGitCheckpoints', function () {
  this.timeout(30_000);
  let repo: GitFixture;
  let store: string;

  beforeEach(() => {
    repo = createGitRepo({ 'a.txt': 'one\n', 'src/b.txt': 'two\n', '.gitignore': 'build/\n' });
    mkdirSync(join(repo.root, 'build'));
    writeFileSync(join(repo.root, 'build', 'out.bin'), 'artifact v1');
    store = mkdtempSync(join(tmpdir(), 'crux-shadow-test-'));
  });
  afterEach(() => {
    repo.remove();
    rmSync(store, { recursive: true, force: true });
  });

  it('restores edited, created and deleted files, and leaves ignored files alone', async () => {
    const checkpoints = await ShadowGitCheckpoints.open(repo.root, store);
    const id = await checkpoints.save('before step 1');
    assert.match(id, /^[0-9a-f]{40}$/);
    writeFileSync(join(repo.root, 'a.txt'), 'changed\n');
    writeFileSync(join(repo.root, 'new.txt'), 'created\n');
    unlinkSync(join(repo.root, 'src', 'b.txt'));
    writeFileSync(join(repo.root, 'build', 'out.bin'), 'artifact v2');
    await checkpoints.save('before step 2');
    await checkpoints.restore(id);
    assert.equal(readFileSync(join(repo.root, 'a.txt'), 'utf8'), 'one\n');
    assert.equal(readFileSync(join(repo.root, 'src', 'b.txt'), 'utf8'), 'two\n');
    assert.equal(existsSync(join(repo.root, 'new.txt')), false);
    assert.equal(readFileSync(join(repo.root, 'build', 'out.bin'), 'utf8'), 'artifact v2', 'ignored files are not snapshots');
  });

  it("never touches the user's own repository", async () => {
    const indexBefore = statSync(join(repo.root, '.git', 'index')).mtimeMs;
    const headBefore = repo.git('rev-parse', 'HEAD');
    const checkpoints = await ShadowGitCheckpoints.open(repo.root, store);
    const id = await checkpoints.save('cp');
    writeFileSync(join(repo.root, 'a.txt'), 'changed\n');
    await checkpoints.save('cp2');
    await checkpoints.restore(id);
    // The index first: `git status` below refreshes it itself.
    assert.equal(statSync(join(repo.root, '.git', 'index')).mtimeMs, indexBefore);
    assert.equal(repo.git('rev-parse', 'HEAD'), headBefore);
    assert.equal(repo.git('status', '--porcelain'), '');
    assert.equal(repo.git('log', '--oneline').trim().split('\n').length, 1);
  });

  it('reopens an existing store, and refuses one inside the workspace', async () => {
    const first = await ShadowGitCheckpoints.open(repo.root, store);
    const id = await first.save('cp');
    writeFileSync(join(repo.root, 'a.txt'), 'changed\n');
    await (await ShadowGitCheckpoints.open(repo.root, store)).restore(id);
    assert.equal(readFileSync(join(repo.root, 'a.txt'), 'utf8'), 'one\n');
    await assert.rejects(ShadowGitCheckpoints.open(repo.root, join(repo.root, '.crux-cp')), CheckpointError);
    await assert.rejects(first.restore('not-an-id'), /not a checkpoint id/);
    assert.notEqual(defaultCheckpointDir(repo.root), defaultCheckpointDir(store), 'one store per workspace');
  });
});
