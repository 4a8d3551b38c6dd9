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

// Both give commands /dev/null as stdin (the pty keeps the terminal for stdout only).
const terminals: Array<[string, () => Promise<Terminal>]> = [
  ['ProcessTerminal', async () => new ProcessTerminal()],
  ['PtyTerminal', async () => new PtyTerminal(await loadNodePty())],
];

for (const [name, make] of terminals) {
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

    it('closes stdin: read and cat end at once instead of waiting for the timeout', async () => {
      const result = await run('read line; echo "got [$line] $?"; cat; echo "cat $?"', { timeoutMs: 20_000 });
      assert.deepEqual([result.timedOut, result.exitCode, result.output.replace(/\r/g, '')], [false, 0, 'got [] 1\ncat 0\n']);
    });

    it('keeps Crux\'s variables and the API key out of a command\'s environment', async () => {
      const saved = { ...process.env };
      process.env.CRUX_API_KEY = 'sk-crux-planted-0123456789';
      process.env.CRUX_MODEL_URL = 'http://user:pw-planted@127.0.0.1:1/v1';
      process.env.OPENAI_API_KEY = 'the-api-key-given-to-crux-42';
      process.env.HARMLESS_SETTING = 'kept';
      try {
        const terminal = name === 'PtyTerminal'
          ? new PtyTerminal(await loadNodePty(), { secrets: () => ['the-api-key-given-to-crux-42'] })
          : new ProcessTerminal({ secrets: () => ['the-api-key-given-to-crux-42'] });
        const result = await terminal.run({ command: 'env', cwd, timeoutMs: 10_000, maxOutputChars: 1_000_000 });
        assert.doesNotMatch(result.output, /CRUX_|planted|the-api-key-given-to-crux-42/);
        assert.match(result.output, /HARMLESS_SETTING=kept/);
      } finally {
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
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
