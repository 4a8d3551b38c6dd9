// Hostile repositories: every git call Crux makes (the git tools, the final patch, run metadata,
// shadow checkpoints, rollout copies) runs none of the programs a repository plants.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShadowGitCheckpoints } from '../../src/host/node/shadow-checkpoints';
import { RepoCopies } from '../../src/rollout/repo-copies';
import { gitDiffTool } from '../../src/tools/git-diff';
import { gitStatusTool } from '../../src/tools/git-status';
import { isGitWorkTree } from '../../src/tools/git';
import { workspacePatch } from '../../src/tools/patch';
import { readRepositoryInfo } from '../../src/trajectory/repository';
import { context } from '../tools/workspace-fixture';
import { createHostileCorpus, HOSTILE_VECTORS, type HostileCorpus } from './hostile-repos';

/** Plain git, as a user (or Crux before this guard) would run it: proves each vector is armed. */
const PLAIN_GIT: Record<string, string[][]> = {
  fsmonitor: [['status']],
  hooks: [['commit', '-q', '-am', 'x']],
  filter: [['add', '-A']],
  'diff-external': [['diff']],
  textconv: [['diff'], ['diff', '--no-ext-diff']],
  pager: [['-p', 'status']],
  transport: [['fetch', 'origin']],
  include: [['status']],
  submodule: [['status']],
};

describe('hostile repositories: git never runs what a repository planted', function () {
  this.timeout(120_000);
  let corpus: HostileCorpus;

  beforeEach(() => {
    corpus = createHostileCorpus();
  });
  afterEach(() => corpus.remove());

  it('has an armed vector for each entry (plain git runs the planted program)', () => {
    const armed = createHostileCorpus();
    try {
      for (const vector of HOSTILE_VECTORS) {
        for (const args of PLAIN_GIT[vector] ?? []) {
          try {
            // A pager runs only on a terminal, so plain git is told to page through the pager setting.
            const env = { ...process.env, GIT_PAGER: '', PAGER: '' };
            execFileSync('git', args, { cwd: armed.repos[vector], env, stdio: 'ignore', timeout: 20_000 });
          } catch {
            // Failing hooks and transports still ran first.
          }
        }
      }
      const ran = armed.ran().join(' ');
      for (const vector of HOSTILE_VECTORS.filter((name) => name !== 'pager')) {
        const prefix = { hooks: 'hook', filter: 'filter', textconv: 'textconv', transport: 'sshCommand', include: 'include', submodule: 'submodule' }[vector] ?? vector;
        assert.ok(ran.includes(prefix), `plain git did not trigger ${vector}: ran [${ran}]`);
      }
    } finally {
      armed.remove();
    }
  });

  it('the git tools, the final patch and run metadata run nothing', async () => {
    for (const vector of HOSTILE_VECTORS) {
      const root = corpus.repos[vector]!;
      assert.equal(await isGitWorkTree(root), true, vector);
      const status = await gitStatusTool.execute({}, context(root));
      assert.equal(status.isError, false, `${vector}: ${status.output}`);
      assert.match(status.output, /a\.txt/, vector);
      const diff = await gitDiffTool.execute({}, context(root));
      assert.equal(diff.isError, false, `${vector}: ${diff.output}`);
      const patch = await workspacePatch(root);
      assert.match(patch, /^\+one, changed$/m, vector);
      assert.match(patch, /^\+\+\+ b\/new\.txt$/m, vector);
      await readRepositoryInfo(root);
      assert.deepEqual(corpus.ran(), [], `${vector} ran a program`);
    }
  });

  it('ignores git variables Crux inherits (GIT_DIR, GIT_CONFIG_PARAMETERS, GIT_EXTERNAL_DIFF...)', async () => {
    const root = corpus.repos.fsmonitor!;
    const saved = { ...process.env };
    const marker = join(corpus.markers, 'inherited');
    // Another repository, with no changes: a diff that followed GIT_DIR would be empty.
    const other = join(corpus.dir, 'other');
    execFileSync('git', ['init', '-q', other]);
    Object.assign(process.env, {
      GIT_DIR: join(other, '.git'), GIT_WORK_TREE: other,
      GIT_CONFIG_PARAMETERS: `'core.pager'='touch ${marker}'`, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'diff.external', GIT_CONFIG_VALUE_0: `touch ${marker}`,
      GIT_EXTERNAL_DIFF: `touch ${marker}`, GIT_PAGER: `touch ${marker}`, PAGER: `touch ${marker}`,
    });
    try {
      const diff = await gitDiffTool.execute({}, context(root));
      assert.equal(diff.isError, false, diff.output);
      assert.match(diff.output, /\+one, changed/, 'the workspace repository, not the one GIT_DIR names');
      assert.match(await workspacePatch(root), /^\+one, changed$/m);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
    assert.deepEqual(corpus.ran(), []);
  });

  it('the final patch shows the real content of filtered and textconv files', async () => {
    const patch = await workspacePatch(corpus.repos.textconv!);
    assert.match(patch, /^-one$/m);
    assert.match(patch, /^\+one, changed$/m);
    assert.deepEqual(corpus.ran(), []);
  });

  it('shadow checkpoints save and restore over every hostile workspace and run nothing', async () => {
    for (const vector of HOSTILE_VECTORS) {
      const root = corpus.repos[vector]!;
      const checkpoints = await ShadowGitCheckpoints.open(root, join(corpus.dir, 'checkpoints', vector));
      const id = await checkpoints.save('before');
      execFileSync('sh', ['-c', 'echo later > a.txt'], { cwd: root });
      await checkpoints.save('after');
      await checkpoints.restore(id);
      assert.equal(readFileSync(join(root, 'a.txt'), 'utf8'), 'one, changed\n', vector);
      assert.deepEqual(corpus.ran(), [], `${vector} ran a program`);
    }
  });

  it('rollout copies of every hostile repository run nothing', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'crux-hostile-cache-'));
    try {
      const copies = new RepoCopies(cache, corpus.dir);
      for (const vector of HOSTILE_VECTORS) {
        const root = corpus.repos[vector]!;
        const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
        const copy = await copies.create(root, head, join(cache, 'runs', vector));
        assert.equal(readFileSync(join(copy.path, 'a.txt'), 'utf8'), 'one\n', vector);
        await workspacePatch(copy.path);
        await copy.remove();
      }
      assert.deepEqual(corpus.ran(), []);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
