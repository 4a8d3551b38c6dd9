// The core's Log port on a VS Code log output channel ("Crux" in the Output panel), which
// timestamps lines and honours the user's log level.
import type * as vscode from 'vscode';
import type { Log } from '../src/host/ports';

export function outputChannelLog(channel: vscode.LogOutputChannel): Log {
  return {
    debug: (message) => channel.debug(message),
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message) => channel.error(message),
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
