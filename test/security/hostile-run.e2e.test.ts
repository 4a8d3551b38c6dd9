// `crux run` end to end (the real CLI bundle, the fake model server) over hostile repositories:
// with recording, checkpoints, git_status, git_diff and the final patch, nothing planted runs.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { createGitRepo } from '../support/git-fixture';
import { startModelServer, type ModelServer, type ScriptedTurn } from '../support/model-server';
import { createHostileCorpus, HOSTILE_VECTORS, type HostileCorpus } from './hostile-repos';

const FINISH: ScriptedTurn = { toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }] };
const LOOK_AROUND: ScriptedTurn[] = [
  { toolCalls: [{ name: 'git_status', arguments: {} }] },
  { toolCalls: [{ name: 'git_diff', arguments: {} }] },
  { toolCalls: [{ name: 'edit_file', arguments: { path: 'README.md', old_string: '# hostile', new_string: '# hostile, edited' } }] },
  FINISH,
];

describe('crux run over hostile repositories (end to end)', function () {
  this.timeout(300_000);
  let scratch: string;
  let server: ModelServer | undefined;
  let env: Record<string, string>;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'crux-hostile-run-'));
    // Consent, and checkpoints in a cache of the test's own.
    env = { CRUX_CONFIG_DIR: join(scratch, 'config'), XDG_CACHE_HOME: join(scratch, 'cache') };
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(scratch, { recursive: true, force: true });
  });

  it('the reproduction of issue 10: a core.fsmonitor command never runs, even when the model only finishes', async () => {
    const repo = createGitRepo({ 'a.txt': 'one\n' });
    try {
      const marker = join(scratch, 'pwned');
      repo.git('config', 'core.fsmonitor', `touch ${marker}; false #`);
      // The loop watch nudges a finish with no change once; the second finish ends the run,
      // as not done (exit 1): nothing was changed.
      server = await startModelServer({ turns: [FINISH, FINISH] });
      const result = await runCli(['run', '-w', repo.root, '-t', 'x', '--model-url', server.url], env);
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.match(result.stderr + result.stdout, /not done: finished in 2 steps without changing any file/);
      assert.equal(existsSync(marker), false, 'core.fsmonitor ran');
      // The vector is live: plain git runs it.
      execFileSync('git', ['status'], { cwd: repo.root, stdio: 'ignore' });
      assert.equal(existsSync(marker), true);
    } finally {
      repo.remove();
    }
  });

  describe('with recording, checkpoints and the git tools', () => {
    let corpus: HostileCorpus;
    before(() => {
      corpus = createHostileCorpus();
    });
    after(() => corpus.remove());

    for (const vector of HOSTILE_VECTORS) {
      it(`${vector}: nothing runs`, async () => {
        const root = corpus.repos[vector]!;
        const consent = await runCli(['consent', 'local', '-w', root], env);
        assert.equal(consent.code, 0, consent.stderr);
        server = await startModelServer({ turns: LOOK_AROUND });
        const result = await runCli(['run', '-w', root, '-t', 'Look at the changes.', '--model-url', server.url, '-y'], env);
        assert.equal(result.code, 0, result.stdout + result.stderr);
        assert.match(result.stdout, /recording this run/);
        assert.match(result.stdout, /a\.txt/, 'git_status or git_diff output shows the change');
        assert.deepEqual(corpus.ran(), [], `${vector} ran a program`);
      });
    }
  });
});
