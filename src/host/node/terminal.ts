// Picks the Terminal for a Node host. node-pty is a native module: it may be missing or
// built for another ABI (VS Code's Electron), so it is loaded lazily, on the first command,
// and a failure falls back to plain child processes with one log line.
import type { CommandRequest, CommandResult, Log, Terminal } from '../ports';
import { silentLog } from '../ports';
import { ProcessTerminal, type NodeTerminalOptions } from './process-terminal';
import { loadNodePty, PtyTerminal } from './pty-terminal';

export { ProcessTerminal, type NodeTerminalOptions } from './process-terminal';
export { PtyTerminal, loadNodePty, type PtyModule, type PtyTerminalOptions } from './pty-terminal';

export interface CreateTerminalOptions extends NodeTerminalOptions {
  /** 'auto' (default): node-pty when it loads, else child processes. */
  kind?: 'auto' | 'pty' | 'process';
}

/** A Terminal that runs commands in a pty when node-pty works here, else in child processes. */
export function createTerminal(log: Log = silentLog, options: CreateTerminalOptions = {}): Terminal {
  const kind = options.kind ?? 'auto';
  if (kind === 'process') return new ProcessTerminal(options);
  let chosen: Promise<Terminal> | undefined;
  const choose = async (): Promise<Terminal> => {
    const fallback = new ProcessTerminal(options);
    try {
      const pty = await loadNodePty();
      log.debug('terminal: node-pty');
      return new PtyTerminal(pty, { ...options, log, ...(kind === 'auto' ? { fallback } : {}) });
    } catch (error) {
      if (kind === 'pty') throw error;
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      log.info(`terminal: node-pty unavailable (${reason}); running commands as plain child processes`);
      return fallback;
    }
  };
  return {
    run(request: CommandRequest): Promise<CommandResult> {
      chosen ??= choose();
      return chosen.then((terminal) => terminal.run(request));
    },
  };
}
