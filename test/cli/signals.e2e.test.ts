// SIGTERM and SIGHUP stop `crux run` the way Ctrl-C does: the run is recorded as aborted and
// the exit code is the shell's 128 + signal number.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTrajectoryFile } from '../../src/trajectory/jsonl';
import { ensureCliBuilt, runCli } from '../support/cli';
import { createGitRepo, type GitFixture } from '../support/git-fixture';
import { startModelServer, type ModelServer } from '../support/model-server';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');

describe('crux run stopped by a signal (end to end)', function () {
  this.timeout(120_000);
  let repo: GitFixture;
  let scratch: string;
  let server: ModelServer | undefined;

  beforeEach(() => {
    repo = createGitRepo({ 'a.txt': 'one\n' });
    scratch = mkdtempSync(join(tmpdir(), 'crux-signals-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    repo.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129], ['SIGINT', 130]] as const) {
    it(`${signal}: records the run as aborted and exits ${code}`, async () => {
      ensureCliBuilt();
      const env = { ...process.env, CRUX_MODEL_URL: '', CRUX_CONFIG_DIR: join(scratch, 'config'), XDG_CACHE_HOME: join(scratch, 'cache') };
      assert.equal((await runCli(['consent', 'local', '-w', repo.root], env as Record<string, string>)).code, 0);
      server = await startModelServer({ turns: [{ kind: 'hang' }] });
      const child = spawn(process.execPath, [cli, 'run', '-w', repo.root, '-t', 'x', '--model-url', server.url], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      const exited = new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (/recording this run/.test(stdout)) resolve();
        });
      });
      // The model request is under way (hanging) once the first step has been asked for.
      await new Promise((resolve) => setTimeout(resolve, 500));
      child.kill(signal);
      assert.equal(await exited, code, stdout);
      const dir = join(repo.root, '.crux', 'trajectories');
      const file = readdirSync(dir).find((name) => name !== 'index.jsonl' && name.endsWith('.jsonl'));
      assert.ok(file, 'a run file was written');
      const trajectory = await readTrajectoryFile(join(dir, file));
      assert.equal(trajectory.outcome?.end, 'aborted');
    });
  }
});
