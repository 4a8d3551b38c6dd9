// The Terminal port on child_process: no pseudo-terminal, so programs see pipes (plainer
// output, no prompts) and stdin is /dev/null, so a command that waits for input reads EOF
// at once instead of hanging. Used where node-pty cannot load, and in tests.
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type { CommandRequest, CommandResult, Terminal } from '../ports';
import { superviseCommand } from './command-supervisor';
import { OutputCapture } from './output-capture';
import { commandEnv, exitCodeFromSignal, IS_WINDOWS, killProcessTree, shellInvocation } from './shell';

/** How long output may keep flowing after the command exits, from children still holding its pipes. */
export const DRAIN_MS = 250;

export interface NodeTerminalOptions {
  /** Extra environment variables for every command (override the defaults in shell.ts). */
  env?: Record<string, string>;
  /** Secrets (the model server's API key) no variable of a command may hold; read per command. */
  secrets?: () => readonly string[];
}

export class ProcessTerminal implements Terminal {
  constructor(private readonly options: NodeTerminalOptions = {}) {}

  async run(request: CommandRequest): Promise<CommandResult> {
    if (request.signal?.aborted) return cancelledBeforeStart();
    await assertDirectory(request.cwd);
    const started = Date.now();
    const capture = new OutputCapture(request.maxOutputChars, request.onOutput);
    const shell = shellInvocation(request.command);
    // detached: the command leads its own process group (and session), so the group can be
    // killed as a whole, and it has no controlling terminal to prompt on.
    const child = spawn(shell.file, shell.args, {
      cwd: request.cwd,
      env: commandEnv(this.options.env, this.options.secrets?.()),
      detached: !IS_WINDOWS,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const kill = (signal: NodeJS.Signals) => killProcessTree(child.pid, signal);
    const supervisor = superviseCommand(request, kill);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => capture.push(chunk));
    child.stderr.on('data', (chunk: string) => capture.push(chunk));

    return new Promise<CommandResult>((resolve, reject) => {
      let exitCode: number | null = null;
      let done = false;
      let drain: NodeJS.Timeout | undefined;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(drain);
        supervisor.dispose();
        // Whatever the command left running in its group does not outlive it (see shell.ts).
        kill('SIGKILL');
        const { output, truncated } = capture.finish();
        const killed = supervisor.timedOut || supervisor.aborted;
        resolve({ output, exitCode: killed ? null : exitCode, timedOut: supervisor.timedOut, aborted: supervisor.aborted, truncated, durationMs: Date.now() - started });
      };
      child.on('error', (error) => {
        supervisor.dispose();
        if (!done) reject(error);
        done = true;
      });
      child.on('exit', (code, signal) => {
        exitCode = code ?? exitCodeFromSignal(signal);
        // Background children may still hold the pipes open: give them a moment to finish
        // writing, then stop waiting for them.
        drain = setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          finish();
        }, DRAIN_MS);
      });
      child.on('close', finish);
    });
  }
}

export function cancelledBeforeStart(): CommandResult {
  return { output: '', exitCode: null, timedOut: false, aborted: true, truncated: false, durationMs: 0 };
}

/** Fails with ENOENT/ENOTDIR like a spawn would, but with the folder named in the message. */
export async function assertDirectory(cwd: string): Promise<void> {
  const info = await stat(cwd);
  if (!info.isDirectory()) {
    throw Object.assign(new Error(`ENOTDIR: not a directory, '${cwd}'`), { code: 'ENOTDIR' });
  }
}
