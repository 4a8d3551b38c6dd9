// What the Node terminals share: which shell runs a command, the environment that keeps its
// output plain and non-interactive, and how a command's whole process tree is stopped.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';

export const IS_WINDOWS = process.platform === 'win32';

/** A non-login bash (sh where bash is missing): no profile scripts, no banner noise. */
export function shellInvocation(command: string): { file: string; args: string[] } {
  if (IS_WINDOWS) return { file: process.env.ComSpec ?? 'cmd.exe', args: ['/d', '/s', '/c', command] };
  const bash = ['/bin/bash', '/usr/bin/bash', '/usr/local/bin/bash'].find((candidate) => existsSync(candidate));
  return { file: bash ?? '/bin/sh', args: ['-c', command] };
}

/** Secrets shorter than this are not searched for in variable values (a dummy key like "x"). */
const MIN_SECRET_VALUE = 8;

/**
 * The variables of `source` a command must not see: Crux's own (CRUX_API_KEY, CRUX_MODEL_URL
 * with its credentials, and every other CRUX_*), and any variable whose value holds a secret
 * Crux was given (the API key exported again as OPENAI_API_KEY). A command is what the model
 * chose to run, so whatever it can read, a prompt injection can send away.
 */
export function hiddenVariables(source: NodeJS.ProcessEnv, secrets: readonly string[] = []): string[] {
  const values = secrets.filter((secret) => secret.length >= MIN_SECRET_VALUE);
  return Object.entries(source)
    .filter(([key, value]) => /^CRUX_/i.test(key) || (value !== undefined && values.some((secret) => value.includes(secret))))
    .map(([key]) => key);
}

/**
 * The environment of a command: the caller's less hiddenVariables, plus settings that make
 * tools print plain text (no colour, no pager) and fail rather than wait for input nobody
 * will type.
 */
export function commandEnv(extra: Record<string, string> = {}, secrets: readonly string[] = []): Record<string, string> {
  const hidden = new Set(hiddenVariables(process.env, secrets));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !hidden.has(key)) env[key] = value;
  return {
    ...env,
    TERM: 'dumb',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    CLICOLOR: '0',
    PAGER: 'cat',
    GIT_PAGER: 'cat',
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
    DEBIAN_FRONTEND: 'noninteractive',
    PYTHONUNBUFFERED: '1',
    ...extra,
  };
}

/**
 * Signals the command's whole process group (the command runs as its leader), so children
 * it started (test workers, servers, `sleep`s) stop with it: on a timeout or abort, and also
 * when the command ends, so no tool call leaves processes behind to pile up over a run.
 * Processes that left the group (setsid, daemons) are out of reach, as for any terminal.
 */
export function killProcessTree(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  if (IS_WINDOWS) {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => {});
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** The shell convention for a process ended by a signal: 128 + the signal number. */
export function exitCodeFromSignal(signal: NodeJS.Signals | number | null | undefined): number | null {
  if (signal === null || signal === undefined || signal === 0) return null;
  const number = typeof signal === 'number' ? signal : constants.signals[signal];
  return number === undefined ? null : 128 + number;
}
