import { strict as assert } from 'node:assert';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { runCommandTool } from '../../src/tools/run-command';
import type { CommandRequest, CommandResult, Terminal } from '../../src/host/ports';
import { cleanupTempDirs, context, tempDir } from './workspace-fixture';

/** Records the request and answers with a canned result. */
class RecordingTerminal implements Terminal {
  requests: CommandRequest[] = [];
  constructor(private readonly result: Partial<CommandResult> = {}) {}
  async run(request: CommandRequest): Promise<CommandResult> {
    this.requests.push(request);
    return { output: 'out\n', exitCode: 0, timedOut: false, aborted: false, truncated: false, durationMs: 1, ...this.result };
  }
}

describe('run_command', () => {
  let root: string;

  beforeEach(async () => {
    root = await tempDir('crux-run-');
    await mkdir(path.join(root, 'sub'));
  });
  afterEach(cleanupTempDirs);

  it('runs in the workspace and reports the exit code and output', async () => {
    const result = await runCommandTool.execute({ command: 'echo hello; pwd' }, context(root));
    assert.equal(result.isError, false);
    assert.equal(result.exitCode, 0);
    assert.equal(result.output, `Exit code: 0\nOutput:\n${'hello'}\n${root}`);
  });

  it('propagates a failing exit code as an error result', async () => {
    const result = await runCommandTool.execute({ command: 'echo broken >&2; exit 7' }, context(root));
    assert.equal(result.isError, true);
    assert.equal(result.exitCode, 7);
    assert.match(result.output, /^Exit code: 7\nOutput:\nbroken$/);
  });

  it('runs in a confined cwd and refuses one outside', async () => {
    const inSub = await runCommandTool.execute({ command: 'pwd', cwd: 'sub' }, context(root));
    assert.match(inSub.output, new RegExp(`${path.join(root, 'sub')}$`));
    const escaped = await runCommandTool.execute({ command: 'pwd', cwd: '../' }, context(root));
    assert.equal(escaped.isError, true);
    assert.match(escaped.output, /outside the workspace/);
    const missing = await runCommandTool.execute({ command: 'pwd', cwd: 'nope' }, context(root));
    assert.equal(missing.isError, true);
    assert.match(missing.output, /nope does not exist/);
  });

  it('caps the timeout at the limit and passes limits to the terminal', async () => {
    const terminal = new RecordingTerminal();
    const ctx = context(root, { terminal, limits: { maxCommandTimeoutMs: 5000, commandTimeoutMs: 2000, maxCommandOutputChars: 123 } });
    await runCommandTool.execute({ command: 'true' }, ctx);
    await runCommandTool.execute({ command: 'true', timeout_seconds: 3600 }, ctx);
    assert.deepEqual(terminal.requests.map((r) => r.timeoutMs), [2000, 5000]);
    assert.equal(terminal.requests[0]?.maxOutputChars, 123);
    assert.equal(terminal.requests[0]?.cwd, root);
  });

  it('reports a timeout, saying the process was stopped', async () => {
    const result = await runCommandTool.execute({ command: 'sleep 30', timeout_seconds: 0.5 }, context(root));
    assert.equal(result.isError, true);
    assert.equal(result.exitCode, null);
    assert.match(result.output, /^Timed out after 0\.5 s; the command and its child processes were stopped\./);
  });

  it('says when output was cut and when there was none', async () => {
    const cut = await runCommandTool.execute({ command: 'x' }, context(root, { terminal: new RecordingTerminal({ truncated: true }) }));
    assert.match(cut.output, /middle cut to fit/);
    assert.equal(cut.truncated, true);
    const silent = await runCommandTool.execute({ command: 'true' }, context(root));
    assert.equal(silent.output, 'Exit code: 0\n(no output)');
  });

  it('classifies risk: execute normally, destructive for listed commands', () => {
    assert.equal(runCommandTool.risk({ command: 'npm test' }), 'execute');
    assert.equal(runCommandTool.risk({ command: 'rm -rf build' }), 'destructive');
    assert.match(runCommandTool.describe({ command: 'git reset --hard' }), /discards changes/);
  });
});
