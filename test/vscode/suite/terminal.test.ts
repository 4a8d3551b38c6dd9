// The Terminal port in a real VS Code: commands in a visible terminal through shell
// integration when the shell starts it, else child processes mirrored into a terminal. Both
// paths must give the exit code, the output (capped), and honour timeouts and aborts.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CommandRequest } from '../../../src/host/ports';
import { silentLog } from '../../../src/host/ports';
import { VsCodeTerminal } from '../../../extension/ports/vscode-terminal';
import { workspaceRoot } from './helpers';

function request(command: string, extra: Partial<CommandRequest> = {}): CommandRequest {
  return { command, cwd: workspaceRoot(), timeoutMs: 20_000, maxOutputChars: 10_000, ...extra };
}

for (const variant of [
  { name: 'the default shell', options: {} },
  { name: 'a shell without shell integration (sh)', options: { shellPath: '/bin/sh', integrationWaitMs: 1500 } },
]) {
  describe(`Crux in VS Code: commands in a terminal, ${variant.name}`, () => {
    let terminal: VsCodeTerminal;
    before(() => {
      terminal = new VsCodeTerminal({ log: silentLog, name: `Crux test ${variant.options.shellPath ?? 'default'}`, ...variant.options });
    });
    after(() => terminal.dispose());

    it('gives the exit code and the output', async () => {
      const chunks: string[] = [];
      const result = await terminal.run(request('echo hello from crux; node -e "process.exit(3)"', { onOutput: (chunk) => chunks.push(chunk) }));
      console.log(`      (ran with ${terminal.lastMode})`);
      if (variant.options.shellPath) assert.equal(terminal.lastMode, 'fallback');
      assert.equal(result.exitCode, 3, JSON.stringify(result));
      assert.match(result.output, /hello from crux/);
      assert.match(chunks.join(''), /hello from crux/, 'output streams while the command runs');
      assert.equal(result.timedOut, false);
      if (terminal.lastMode === 'fallback') assert.ok(vscode.window.terminals.some((each) => each.name.endsWith('(commands)')), 'shown in the mirror terminal');
    });

    it('runs in the folder asked for', async () => {
      const dir = join(workspaceRoot(), 'terminal-sub');
      await mkdir(dir, { recursive: true });
      const result = await terminal.run(request('pwd', { cwd: dir }));
      assert.equal(result.exitCode, 0);
      assert.match(result.output, /terminal-sub/);
      const back = await terminal.run(request('pwd'));
      assert.doesNotMatch(back.output, /terminal-sub/);
    });

    it('caps the output, keeping its start and end', async () => {
      const result = await terminal.run(request(`node -e "console.log('start'); console.log('x'.repeat(50000)); console.log('end')"`, { maxOutputChars: 2000 }));
      assert.equal(result.truncated, true);
      assert.ok(result.output.length < 2200, `${result.output.length} characters`);
      assert.match(result.output, /^start/);
      assert.match(result.output, /end\s*$/);
    });

    it('stops a command at its timeout and runs the next one', async () => {
      const result = await terminal.run(request('sleep 30', { timeoutMs: 800 }));
      assert.equal(result.timedOut, true);
      assert.equal(result.exitCode, null);
      assert.ok(result.durationMs < 10_000, `${result.durationMs} ms`);
      const next = await terminal.run(request('echo still here'));
      assert.equal(next.exitCode, 0);
      assert.match(next.output, /still here/);
    });

    it("keeps Crux's variables and the API key out of the command's environment", async () => {
      // code-server was started with CRUX_MODEL_URL (test/vscode/run.ts): the terminal inherits it
      // unless Crux removes it. A variable holding the API key goes too, whatever its name.
      assert.ok(Object.keys(process.env).some((name) => name.startsWith('CRUX_')), 'the host has CRUX_ variables to hide');
      const keyed = new VsCodeTerminal({ log: silentLog, name: `Crux env test ${variant.options.shellPath ?? 'default'}`, ...variant.options, secrets: () => [process.env.CRUX_MODEL_URL ?? 'unset-key'] });
      try {
        const result = await keyed.run(request('env'));
        assert.equal(result.exitCode, 0);
        assert.match(result.output, /^PATH=/m);
        assert.doesNotMatch(result.output, /^CRUX_/m);
      } finally {
        keyed.dispose();
      }
    });

    it('stops a command when the run is aborted', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 500);
      const result = await terminal.run(request('sleep 30', { signal: controller.signal }));
      assert.equal(result.aborted, true);
      assert.equal(result.exitCode, null);
    });
  });
}
