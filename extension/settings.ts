// Crux's settings (contributes.configuration in package.json), read into one typed object
// whenever a run starts or the connection is checked, so a change applies to the next run.
import * as vscode from 'vscode';
import { APPROVAL_MODES, type ApprovalMode, type ApprovalSettings } from '../src/agent/approval-policy';
import { DEFAULT_MAX_STEPS } from '../src/agent/config';
import { DEFAULT_IDLE_TIMEOUT_SECONDS } from '../src/model/client';
import { TOOL_FORMATS, type ToolFormatSetting } from '../src/model/types';
import { isRiskyCommandClass } from '../src/tools/command-classes';

export const SECTION = 'crux';
export const DEFAULT_MODEL_URL = 'http://127.0.0.1:8000/v1';

export interface CruxSettings {
  modelUrl: string;
  /** Empty: the server's only model. */
  model: string;
  /** From the `crux.apiKey` setting; the secret store and CRUX_API_KEY are consulted too. */
  apiKeySetting: string;
  toolFormat: ToolFormatSetting;
  approvals: ApprovalSettings;
  maxSteps: number;
  /** 0: the window the server reports. */
  contextTokens: number;
  /** The reply budget sent as max_tokens; 0: a quarter of the window, at most 4,096. */
  maxTokens: number;
  /** Seconds a model stream may stay silent before the turn fails (crux.modelIdleTimeout). */
  idleTimeoutSeconds: number;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): CruxSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    modelUrl: modelUrl(config, env),
    model: config.get<string>('model', '').trim(),
    apiKeySetting: config.get<string>('apiKey', '').trim(),
    toolFormat: pick(config.get<string>('toolFormat'), TOOL_FORMATS, 'auto'),
    approvals: {
      mode: pick<ApprovalMode>(config.get<string>('approvals.mode'), APPROVAL_MODES, 'auto-reads'),
      allowCommands: stringList(config.get<unknown>('approvals.allowCommands')),
      denyCommands: stringList(config.get<unknown>('approvals.denyCommands')),
      allowRiskyCommands: stringList(config.get<unknown>('approvals.allowRiskyCommands')).filter(isRiskyCommandClass),
    },
    maxSteps: positiveInt(config.get<number>('maxSteps'), DEFAULT_MAX_STEPS),
    contextTokens: positiveInt(config.get<number>('contextTokens'), 0),
    maxTokens: positiveInt(config.get<number>('maxTokens'), 0),
    idleTimeoutSeconds: positiveInt(config.get<number>('modelIdleTimeout'), DEFAULT_IDLE_TIMEOUT_SECONDS),
  };
}

/** The setting wins when the user set it anywhere; otherwise CRUX_MODEL_URL (handy for
 * code-server and CI, where writing settings is awkward); otherwise the default. */
function modelUrl(config: vscode.WorkspaceConfiguration, env: NodeJS.ProcessEnv): string {
  const inspected = config.inspect<string>('modelUrl');
  const explicit = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
  if (explicit !== undefined && explicit.trim() !== '') return explicit.trim();
  const fromEnv = env.CRUX_MODEL_URL?.trim();
  if (fromEnv) return fromEnv;
  return inspected?.defaultValue?.trim() || DEFAULT_MODEL_URL;
}

function pick<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.find((candidate) => candidate === value) ?? fallback;
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
}

function positiveInt(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isSafeInteger(value) && value > 0 ? value : fallback;
}
