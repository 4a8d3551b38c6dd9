// The settings of a run beyond the model and approvals (extension/settings.ts): the loop
// watch, checkpoints, where commands run, and repositories never recorded. Read when a run
// starts, so a change applies to the next run.
import * as vscode from 'vscode';
import { SECTION } from '../settings';
import { loopWatchSettings, type LoopWatchSettings } from './loop-watch-settings';

export type TerminalSetting = 'integrated' | 'background';

export interface RunExtrasSettings {
  loopWatch: LoopWatchSettings;
  /** Under the `warn` policy, wait for the user's choice on a banner before the next model turn. */
  pauseOnWarning: boolean;
  checkpoints: boolean;
  terminal: TerminalSetting;
  /** Repository patterns never recorded, on top of the built-in SWE-bench list. */
  excludeRepositories: string[];
}

export function readRunExtrasSettings(): RunExtrasSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const policy = config.inspect<string>('loopWatch.policy');
  const explicitPolicy = policy?.workspaceFolderValue ?? policy?.workspaceValue ?? policy?.globalValue;
  const exclusions = config.get<unknown>('recording.excludeRepositories');
  return {
    loopWatch: loopWatchSettings(explicitPolicy, config.get<unknown>('loopWatch.config')),
    pauseOnWarning: config.get<boolean>('loopWatch.pauseOnWarning', true) !== false,
    checkpoints: config.get<boolean>('checkpoints.enabled', true) !== false,
    terminal: config.get<string>('terminal') === 'background' ? 'background' : 'integrated',
    excludeRepositories: Array.isArray(exclusions) ? exclusions.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [],
  };
}
