// Recording never follows a link out of the workspace: a repository can commit `.crux`, the
// trajectories folder, index.jsonl or a run file as a symbolic link to any file the user can
// write. Each is refused, nothing is written outside, and new folders and files are private.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShadowGitCheckpoints } from '../../src/host/node/shadow-checkpoints';
import { appendOutcomeUpdate, TrajectoryStore } from '../../src/trajectory/store';
import { LinkRefusedError } from '../../src/trajectory/private-files';
import { runCli } from '../support/cli';
import { createGitRepo } from '../support/git-fixture';
import { startModelServer, type ModelServer } from '../support/model-server';
import { recordRun, sampleRun } from '../trajectory/fixtures';

describe('recording never follows a link out', function () {
  this.timeout(120_000);
  let scratch: string;
  let workspace: string;
  let outside: string;
  const BASHRC = '# the user\'s shell startup file\n';

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'crux-links-'));
    workspace = join(scratch, 'workspace');
    mkdirSync(workspace);
    outside = join(scratch, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'bashrc'), BASHRC);
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  const store = () => new TrajectoryStore(join(workspace, '.crux', 'trajectories'), undefined, { within: workspace });
  const outsideUntouched = () => {
    assert.equal(readFileSync(join(outside, 'bashrc'), 'utf8'), BASHRC);
    assert.deepEqual(readdirSync(outside), ['bashrc']);
  };

  it('refuses .crux as a link to a folder outside', () => {
    symlinkSync(outside, join(workspace, '.crux'));
    assert.throws(() => store().prepare(), (error: Error) => error instanceof LinkRefusedError && /\.crux is a symbolic link/.test(error.message));
    const recorder = recordRun('', sampleRun(), { store: store() });
    assert.equal(recorder.status.kind, 'failed');
    outsideUntouched();
  });

  it('refuses .crux/trajectories as a link', () => {
    mkdirSync(join(workspace, '.crux'));
    symlinkSync(outside, join(workspace, '.crux', 'trajectories'));
    assert.throws(() => store().prepare(), LinkRefusedError);
    assert.equal(recordRun('', sampleRun(), { store: store() }).status.kind, 'failed');
    outsideUntouched();
  });

  it('refuses index.jsonl as a link, in prepare, when appending and when rewriting', async () => {
    mkdirSync(join(workspace, '.crux', 'trajectories'), { recursive: true });
    const index = join(workspace, '.crux', 'trajectories', 'index.jsonl');
    symlinkSync(join(outside, 'bashrc'), index);
    assert.throws(() => store().prepare(), /index\.jsonl is a symbolic link/);
    assert.equal(recordRun('', sampleRun(), { store: store() }).status.kind, 'failed');
    await assert.rejects(store().list(), LinkRefusedError);
    outsideUntouched();
  });

  it('refuses a run file that is a link, and an outcome update through one', () => {
    const dir = join(workspace, '.crux', 'trajectories');
    mkdirSync(dir, { recursive: true });
    symlinkSync(join(outside, 'bashrc'), join(dir, 'run-0001.jsonl'));
    const recorder = recordRun('', sampleRun('plain words', 'run-0001'), { store: store() });
    assert.equal(recorder.status.kind, 'failed');
    assert.throws(() => appendOutcomeUpdate(join(dir, 'run-0001.jsonl'), { kind: 'outcome-update', t: 0, resolved: true } as never), LinkRefusedError);
    outsideUntouched();
  });

  it('refuses a dangling .gitignore link instead of creating its target', () => {
    const dir = join(workspace, '.crux', 'trajectories');
    mkdirSync(dir, { recursive: true });
    symlinkSync(join(outside, 'created-by-crux'), join(dir, '.gitignore'));
    assert.throws(() => store().prepare(), LinkRefusedError);
    outsideUntouched();
  });

  it('creates private folders (0700) and files (0600)', () => {
    const recorder = recordRun('', sampleRun(), { store: store() });
    recorder.close();
    assert.equal(recorder.status.kind, 'finished');
    const mode = (path: string) => statSync(path).mode & 0o777;
    assert.equal(mode(join(workspace, '.crux')), 0o700);
    assert.equal(mode(join(workspace, '.crux', 'trajectories')), 0o700);
    for (const file of ['index.jsonl', '.gitignore', 'run-0001.jsonl']) assert.equal(mode(join(workspace, '.crux', 'trajectories', file)), 0o600, file);
  });

  it('keeps checkpoints private: folder 0700, nothing readable by others', async () => {
    writeFileSync(join(workspace, 'a.txt'), 'secret\n');
    const dir = join(scratch, 'checkpoints');
    mkdirSync(dir, { mode: 0o755 });
    const checkpoints = await ShadowGitCheckpoints.open(workspace, dir);
    await checkpoints.save('one');
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    // The folder alone keeps others out; the snapshots' objects and index are private as well
    // (git's --shared=0600), whatever the umask.
    const open = execFileSync('find', [join(dir, 'objects'), join(dir, 'index'), '-perm', '/o=rwx,g=rwx'], { encoding: 'utf8' }).trim();
    assert.equal(open, '', `readable by others:\n${open}`);
  });

  describe('crux run', () => {
    let server: ModelServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it('says it is not recording and writes nothing when index.jsonl is a committed link', async () => {
      const repo = createGitRepo({ 'a.txt': 'one\n' });
      try {
        mkdirSync(join(repo.root, '.crux', 'trajectories'), { recursive: true });
        symlinkSync(join(outside, 'bashrc'), join(repo.root, '.crux', 'trajectories', 'index.jsonl'));
        const env = { CRUX_CONFIG_DIR: join(scratch, 'config'), XDG_CACHE_HOME: join(scratch, 'cache') };
        assert.equal((await runCli(['consent', 'local', '-w', repo.root], env)).code, 0);
        const finish = { toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }] };
        server = await startModelServer({ turns: [finish, finish] });
        const result = await runCli(['run', '-w', repo.root, '-t', 'x', '--model-url', server.url], env);
        assert.match(result.stdout, /not recording: .*index\.jsonl is a symbolic link/);
        assert.deepEqual(readdirSync(join(repo.root, '.crux', 'trajectories')), ['index.jsonl']);
        outsideUntouched();
      } finally {
        repo.remove();
      }
    });
  });
});
