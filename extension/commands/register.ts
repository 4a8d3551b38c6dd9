// The commands of contributes.commands, registered through the extension's store.
import * as vscode from 'vscode';
import type { ApiKeyStore } from '../api-key';
import type { DisposableStore } from '../disposable-store';
import type { RunController } from '../run/run-controller';
import { runTaskCommand } from './run-task';
import { stopRunCommand } from './stop-run';

export interface CommandDeps {
  run: RunController;
  apiKeys: ApiKeyStore;
  revealView(): Promise<void>;
  showLog(): void;
}

export const COMMANDS = ['crux.runTask', 'crux.stopRun', 'crux.showLog', 'crux.setApiKey', 'crux.checkConnection'] as const;

export function registerCommands(store: DisposableStore, deps: CommandDeps): void {
  const handlers: Record<(typeof COMMANDS)[number], (...args: unknown[]) => unknown> = {
    'crux.runTask': runTaskCommand(deps),
    'crux.stopRun': stopRunCommand(deps.run),
    'crux.showLog': () => deps.showLog(),
    'crux.setApiKey': () => deps.apiKeys.prompt(),
    'crux.checkConnection': () => deps.run.checkConnection(),
  };
  for (const id of COMMANDS) store.add(vscode.commands.registerCommand(id, handlers[id]));
}
