// One command in a VS Code terminal through shell integration: the command line is typed into
// the user-visible terminal, its output read from the execution stream and its exit code taken
// from the end event. A timeout or an abort sends Ctrl+C; a command that ignores it gets the
// terminal closed under it (the caller opens a fresh one for the next command).
import * as vscode from 'vscode';
import type { CommandRequest, CommandResult } from '../../src/host/ports';
import { OutputCapture } from '../../src/host/node/output-capture';

/** After Ctrl+C, how long a command gets to end before its terminal is closed. */
export const INTERRUPT_GRACE_MS = 2000;
/** After the end event, how long output may still arrive from the execution stream. */
const DRAIN_MS = 500;

type Ending = { kind: 'ended'; exitCode: number | undefined } | { kind: 'closed' } | { kind: 'stuck' };

/** Runs a command line and resolves when it ended; `killTerminal` is called when it would not stop. */
export async function runInShell(
  terminal: vscode.Terminal,
  shell: vscode.TerminalShellIntegration,
  request: CommandRequest,
  killTerminal: () => void,
): Promise<CommandResult> {
  const started = Date.now();
  const capture = new OutputCapture(request.maxOutputChars, request.onOutput);
  const execution = shell.executeCommand(request.command);
  // read() only yields what arrives after its first call, so it is called at once.
  const reading = (async () => {
    for await (const data of execution.read()) capture.push(data);
  })().catch(() => undefined);
  const ending = endOf(terminal, execution);

  let timedOut = false;
  let aborted = false;
  let interrupt: (() => void) | undefined;
  const interrupted = new Promise<void>((resolve) => {
    interrupt = resolve;
  });
  const timer = setTimeout(() => {
    timedOut = true;
    interrupt?.();
  }, request.timeoutMs);
  const onAbort = () => {
    aborted = true;
    interrupt?.();
  };
  request.signal?.addEventListener('abort', onAbort, { once: true });

  let ended = await Promise.race([ending.promise, interrupted.then((): Ending => ({ kind: 'stuck' }))]);
  if (ended.kind === 'stuck') {
    terminal.sendText('\x03', false);
    ended = await Promise.race([ending.promise, delay(INTERRUPT_GRACE_MS).then((): Ending => ({ kind: 'stuck' }))]);
    if (ended.kind === 'stuck') killTerminal();
  }
  clearTimeout(timer);
  request.signal?.removeEventListener('abort', onAbort);
  ending.dispose();
  await Promise.race([reading, delay(DRAIN_MS)]);
  const { output, truncated } = capture.finish();
  const killed = timedOut || aborted;
  const exitCode = !killed && ended.kind === 'ended' && ended.exitCode !== undefined ? ended.exitCode : null;
  return { output, exitCode, timedOut, aborted, truncated, durationMs: Date.now() - started };
}

function endOf(terminal: vscode.Terminal, execution: vscode.TerminalShellExecution): { promise: Promise<Ending>; dispose(): void } {
  const subscriptions: vscode.Disposable[] = [];
  const promise = new Promise<Ending>((resolve) => {
    subscriptions.push(vscode.window.onDidEndTerminalShellExecution((event) => {
      if (event.execution === execution) resolve({ kind: 'ended', exitCode: event.exitCode });
    }));
    // The user closed the terminal, or the command was `exit`.
    subscriptions.push(vscode.window.onDidCloseTerminal((closed) => {
      if (closed === terminal) resolve({ kind: 'closed' });
    }));
  });
  return { promise, dispose: () => subscriptions.forEach((subscription) => subscription.dispose()) };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
