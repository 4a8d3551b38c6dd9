import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createTerminal, loadNodePty, ProcessTerminal, PtyTerminal } from '../../src/host/node/terminal';
import type { CommandRequest, Log, Terminal } from '../../src/host/ports';
import { cleanupTempDirs, tempDir } from '../tools/workspace-fixture';

/** Alive and not a zombie: a killed child reparented to an init that does not reap it stays a zombie. */
async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/^\d+ \(.*\) Z/.test(stat);
}

/** Polls until the process is gone; the kill is asynchronous (SIGTERM, then SIGKILL). */
async function waitUntilGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (!(await isRunning(pid))) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

// stdinIsTerminal: a pty gives commands a terminal to wait on; child processes get /dev/null.
const terminals: Array<[string, () => Promise<Terminal>, { stdinIsTerminal: boolean }]> = [
  ['ProcessTerminal', async () => new ProcessTerminal(), { stdinIsTerminal: false }],
  ['PtyTerminal', async () => new PtyTerminal(await loadNodePty()), { stdinIsTerminal: true }],
];

for (const [name, make, { stdinIsTerminal }] of terminals) {
  describe(name, () => {
    let terminal: Terminal;
    let cwd: string;
    const run = (command: string, extra: Partial<CommandRequest> = {}) =>
      terminal.run({ command, cwd, timeoutMs: 10_000, maxOutputChars: 10_000, ...extra });

    before(async () => {
      terminal = await make();
    });
    beforeEach(async () => {
      cwd = await tempDir('crux-term-');
    });
    afterEach(cleanupTempDirs);

    it('runs in cwd, merges stdout and stderr, and reports exit code 0', async () => {
      const result = await run('pwd; echo to-stderr >&2');
      assert.equal(result.exitCode, 0);
      assert.equal(result.timedOut, false);
      assert.equal(result.aborted, false);
      assert.equal(result.output, `${cwd}\nto-stderr\n`);
    });

    it('propagates a non-zero exit code', async () => {
      assert.equal((await run('exit 42')).exitCode, 42);
      assert.equal((await run('false')).exitCode, 1);
    });

    it('strips colour codes and streams output as it arrives', async () => {
      const chunks: string[] = [];
      const result = await run("printf '\\033[1;31mred\\033[0m\\n'", { onOutput: (chunk) => chunks.push(chunk) });
      assert.equal(result.output, 'red\n');
      assert.equal(chunks.join(''), 'red\n');
    });

    it('keeps the head and the tail of huge output', async () => {
      const result = await run('seq 1 200000', { maxOutputChars: 1000 });
      assert.equal(result.exitCode, 0);
      assert.equal(result.truncated, true);
      assert.ok(result.output.startsWith('1\n2\n3\n'));
      assert.ok(result.output.endsWith('199999\n200000\n'), 'the last lines survive');
      assert.match(result.output, /\[\.\.\. \d+ characters omitted \.\.\.\]/);
    });

    it('kills a hanging command and its children at the timeout', async () => {
      const pidFile = path.join(cwd, 'child.pid');
      const result = await run(`sleep 60 & echo $! > ${pidFile}; sleep 60`, { timeoutMs: 1000 });
      assert.equal(result.timedOut, true);
      assert.equal(result.exitCode, null);
      const child = Number(await readFile(pidFile, 'utf8'));
      assert.ok(await waitUntilGone(child), 'the background child was killed too');
    });

    it('does not hang past the timeout on a command that reads stdin', async () => {
      const result = await run('read line; echo "got [$line]"', { timeoutMs: 1000 });
      if (stdinIsTerminal) {
        assert.deepEqual([result.timedOut, result.exitCode], [true, null]);
      } else {
        assert.deepEqual([result.timedOut, result.output], [false, 'got []\n']);
      }
    });

    it('returns when the command exits, stopping what it left running in the background', async () => {
      const pidFile = path.join(cwd, 'bg.pid');
      const result = await run(`sleep 60 & echo $! > ${pidFile}; echo started`, { timeoutMs: 5000 });
      assert.deepEqual([result.timedOut, result.exitCode, result.output], [false, 0, 'started\n']);
      assert.ok(await waitUntilGone(Number(await readFile(pidFile, 'utf8'))));
    });

    it('stops when the signal aborts, and does not start when already aborted', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const result = await run('sleep 60', { signal: controller.signal });
      assert.equal(result.aborted, true);
      assert.equal(result.exitCode, null);
      const early = await run('echo never', { signal: AbortSignal.abort() });
      assert.deepEqual([early.aborted, early.output], [true, '']);
    });

    it('keeps the exit status of a command that exits early', async () => {
      const result = await run('echo before; exit 3; echo after');
      assert.deepEqual([result.exitCode, result.output], [3, 'before\n']);
    });

    it('rejects a missing working directory', async () => {
      await assert.rejects(run('true', { cwd: path.join(cwd, 'missing') }), /ENOENT/);
    });

    it('runs a non-interactive shell with plain-output settings', async () => {
      const result = await run('echo "$TERM $NO_COLOR $GIT_PAGER"');
      assert.equal(result.output, 'dumb 1 cat\n');
    });
  });
}

describe('createTerminal', () => {
  const lines: string[] = [];
  const log: Log = { debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  afterEach(cleanupTempDirs);

  it('loads node-pty lazily and runs commands with it', async () => {
    const terminal = createTerminal(log);
    const cwd = await tempDir('crux-term-');
    const result = await terminal.run({ command: 'echo ok', cwd, timeoutMs: 5000, maxOutputChars: 1000 });
    assert.equal(result.output, 'ok\n');
    assert.ok(lines.includes('terminal: node-pty'));
  });

  it('can be told to use plain child processes', async () => {
    const terminal = createTerminal(log, { kind: 'process' });
    assert.ok(terminal instanceof ProcessTerminal);
  });

  it('falls back to child processes when node-pty cannot spawn', async () => {
    const broken = { spawn: () => { throw new Error('posix_spawnp failed.'); } };
    const warnings: string[] = [];
    const terminal = new PtyTerminal(broken, { fallback: new ProcessTerminal(), log: { ...log, warn: (m) => warnings.push(m) } });
    const cwd = await tempDir('crux-term-');
    const result = await terminal.run({ command: 'echo fallback', cwd, timeoutMs: 5000, maxOutputChars: 1000 });
    assert.equal(result.output, 'fallback\n');
    assert.match(warnings[0] ?? '', /posix_spawnp failed/);
  });
});
