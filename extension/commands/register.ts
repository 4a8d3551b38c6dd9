// The commands of contributes.commands, registered through the extension's store.
import * as vscode from 'vscode';
import type { ApiKeyStore } from '../api-key';
import type { ConsentStore } from '../consent/consent-store';
import type { DisposableStore } from '../disposable-store';
import type { RunController } from '../run/run-controller';
import { runTaskCommand } from './run-task';
import { setConsentCommand } from './set-consent';
import { stopRunCommand } from './stop-run';

export interface CommandDeps {
  run: RunController;
  apiKeys: ApiKeyStore;
  revealView(): Promise<void>;
  showLog(): void;
  consent: ConsentStore;
  trajectoryDir(): string | undefined;
}

export const COMMANDS = ['crux.runTask', 'crux.stopRun', 'crux.showLog', 'crux.setApiKey', 'crux.checkConnection', 'crux.setConsent'] as const;

export function registerCommands(store: DisposableStore, deps: CommandDeps): void {
  const handlers: Record<(typeof COMMANDS)[number], (...args: unknown[]) => unknown> = {
    'crux.runTask': runTaskCommand(deps),
    'crux.stopRun': stopRunCommand(deps.run),
    'crux.showLog': () => deps.showLog(),
    'crux.setApiKey': () => deps.apiKeys.prompt(),
    'crux.checkConnection': () => deps.run.checkConnection(),
    'crux.setConsent': setConsentCommand(deps.consent, deps.trajectoryDir),
  };
  for (const id of COMMANDS) store.add(vscode.commands.registerCommand(id, handlers[id]));
}
