// The Terminal port on node-pty: commands see a real terminal, so tools that only stream
// or flush properly on a TTY behave as they do for a person. The terminal is wide so
// tables and test reports do not wrap, and TERM=dumb keeps most output free of escapes
// (the rest is stripped). node-pty merges stdout and stderr, as a terminal does.
import type * as NodePty from 'node-pty';
import type { CommandRequest, CommandResult, Log, Terminal } from '../ports';
import { silentLog } from '../ports';
import { superviseCommand } from './command-supervisor';
import { OutputCapture } from './output-capture';
import { assertDirectory, cancelledBeforeStart, type NodeTerminalOptions } from './process-terminal';
import { EndMarkerScanner, withEndMarker } from './end-marker';
import { commandEnv, exitCodeFromSignal, IS_WINDOWS, killProcessTree, shellInvocation } from './shell';

export type PtyModule = Pick<typeof NodePty, 'spawn'>;

export const PTY_COLUMNS = 200;
export const PTY_ROWS = 50;

export interface PtyTerminalOptions extends NodeTerminalOptions {
  /** Used from the first command on which node-pty cannot spawn (e.g. a broken spawn-helper). */
  fallback?: Terminal;
  log?: Log;
}

/** Loads node-pty; throws when its native module does not load in this runtime. */
export async function loadNodePty(): Promise<PtyModule> {
  const loaded: unknown = await import('node-pty');
  // Depending on the loader, a CommonJS module arrives as the namespace or as its default.
  for (const candidate of [loaded, (loaded as { default?: unknown }).default]) {
    if (typeof (candidate as Partial<PtyModule> | undefined)?.spawn === 'function') return candidate as PtyModule;
  }
  throw new Error('node-pty loaded but has no spawn function');
}

export class PtyTerminal implements Terminal {
  private broken = false;

  constructor(private readonly pty: PtyModule, private readonly options: PtyTerminalOptions = {}) {}

  async run(request: CommandRequest): Promise<CommandResult> {
    const fallback = this.options.fallback;
    if (this.broken && fallback) return fallback.run(request);
    if (request.signal?.aborted) return cancelledBeforeStart();
    // Checked first, so a missing folder is reported as such and not mistaken for a
    // broken node-pty below.
    await assertDirectory(request.cwd);
    const end = IS_WINDOWS ? undefined : withEndMarker(request.command);
    const shell = shellInvocation(end ? end.script : request.command);
    let proc: NodePty.IPty;
    try {
      proc = this.pty.spawn(shell.file, shell.args, {
        name: 'dumb',
        cols: PTY_COLUMNS,
        rows: PTY_ROWS,
        cwd: request.cwd,
        env: commandEnv(this.options.env, this.options.secrets?.()),
      });
    } catch (error) {
      if (!fallback) throw error;
      this.broken = true;
      const reason = error instanceof Error ? error.message : String(error);
      (this.options.log ?? silentLog).warn(`node-pty could not start a command (${reason}); using plain child processes from now on`);
      return fallback.run(request);
    }
    return this.watch(proc, request, end?.marker);
  }

  private watch(proc: NodePty.IPty, request: CommandRequest, marker: string | undefined): Promise<CommandResult> {
    const started = Date.now();
    const capture = new OutputCapture(request.maxOutputChars, request.onOutput);
    // The pty child leads its own session and process group, so the group is its pid.
    const supervisor = superviseCommand(request, (signal) => killProcessTree(proc.pid, signal));
    const scanner = marker ? new EndMarkerScanner(marker) : undefined;
    const data = proc.onData((chunk) => {
      if (!scanner) return capture.push(chunk);
      const wasFound = scanner.found;
      capture.push(scanner.push(chunk));
      // All output is in: let the shell's EXIT trap finish (see end-marker.ts).
      if (!wasFound && scanner.found) proc.write('\n');
    });
    return new Promise<CommandResult>((resolve) => {
      const exit = proc.onExit(({ exitCode, signal }) => {
        data.dispose();
        exit.dispose();
        supervisor.dispose();
        // Whatever the command left running in its group does not outlive it (see shell.ts).
        killProcessTree(proc.pid, 'SIGKILL');
        if (scanner) capture.push(scanner.flush());
        const { output, truncated } = capture.finish();
        const killed = supervisor.timedOut || supervisor.aborted;
        const code = signal ? exitCodeFromSignal(signal) : exitCode;
        resolve({ output, exitCode: killed ? null : code, timedOut: supervisor.timedOut, aborted: supervisor.aborted, truncated, durationMs: Date.now() - started });
      });
    });
  }
}
