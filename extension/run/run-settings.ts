// The settings of a run beyond the model and approvals (extension/settings.ts): the loop
// watch, checkpoints, where commands run, and repositories never recorded. Read when a run
// starts, so a change applies to the next run.
import * as vscode from 'vscode';
import { SECTION } from '../settings';
import { DEFAULT_MAX_RUN_FILE_BYTES } from '../../src/trajectory/recorder';
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
  /** crux.recording.maxFileMB in bytes. */
  maxRecordBytes: number;
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
    maxRecordBytes: maxRecordMiB(config.get<unknown>('recording.maxFileMB')) * 1024 * 1024,
  };
}

/** A whole number of MiB, at least 1; anything else gives the default. */
function maxRecordMiB(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : DEFAULT_MAX_RUN_FILE_BYTES / (1024 * 1024);
}
