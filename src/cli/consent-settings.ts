// Where the CLI keeps each workspace's recording consent: one JSON file in the user's config
// folder, keyed by the workspace's real path. Not in the workspace itself: a repository could
// then ship a settings file that opts everyone who clones it in. Consent is the user's, not
// the repository's. The extension keeps its own (workspaceState) and passes the level in.
//
//   $CRUX_CONFIG_DIR, else %APPDATA%\crux (Windows), else $XDG_CONFIG_HOME/crux, else ~/.config/crux
//   settings.json: { "version": 1, "workspaces": { "<real path>": { "consent": "local", "updatedAt": "..." } },
//                    "excludeRepositories": ["owner/repo", ...],
//                    "denyCommands": [...], "allowCommands": [...], "allowRiskyCommands": [...] }
// The command lists are the run's command policy (command-policy-options.ts).
import { mkdir, readFile, realpath, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ConsentLevel } from '../trajectory/format';
import { parseConsentLevel } from '../trajectory/consent';

export interface WorkspaceConsent {
  consent: ConsentLevel;
  updatedAt: string;
}

export interface CliSettings {
  version: 1;
  workspaces: Record<string, WorkspaceConsent>;
  /** Repositories never recorded, on top of the built-in SWE-bench list (same pattern syntax). */
  excludeRepositories: string[];
  /** The command policy of `crux run` and `crux rollout` (command-policy-options.ts). */
  denyCommands: string[];
  allowCommands: string[];
  allowRiskyCommands: string[];
}

export class SettingsError extends Error {
  override name = 'SettingsError';
}

export function cruxConfigDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CRUX_CONFIG_DIR) return resolve(env.CRUX_CONFIG_DIR);
  if (platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'crux');
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'crux');
  return join(homedir(), '.config', 'crux');
}

export function settingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cruxConfigDir(env), 'settings.json');
}

/** The key a workspace is stored under: its real path, so a symlinked path means the same one. */
export async function workspaceKey(root: string): Promise<string> {
  return realpath(resolve(root)).catch(() => resolve(root));
}

/** The settings, or empty ones when there is no file yet. A damaged file is an error, never
 * read as consent: recording stays off until the user fixes or resets it. */
export async function readSettings(env: NodeJS.ProcessEnv = process.env): Promise<CliSettings> {
  const path = settingsPath(env);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptySettings();
    throw new SettingsError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseSettings(text, path);
}

function parseSettings(text: string, path: string): CliSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new SettingsError(`${path} is not valid JSON; fix it or delete it (recording stays off until then)`);
  }
  if (typeof raw !== 'object' || raw === null) throw new SettingsError(`${path} does not hold a settings object`);
  const { workspaces, excludeRepositories, denyCommands, allowCommands, allowRiskyCommands } = raw as Record<string, unknown>;
  const settings: CliSettings = emptySettings();
  if (typeof workspaces === 'object' && workspaces !== null) {
    for (const [key, value] of Object.entries(workspaces)) {
      const entry = value as { consent?: unknown; updatedAt?: unknown };
      const consent = typeof entry?.consent === 'string' ? parseConsentLevel(entry.consent) : undefined;
      if (consent) settings.workspaces[key] = { consent, updatedAt: typeof entry.updatedAt === 'string' ? entry.updatedAt : '' };
    }
  }
  settings.excludeRepositories = stringList(excludeRepositories);
  settings.denyCommands = stringList(denyCommands);
  settings.allowCommands = stringList(allowCommands);
  settings.allowRiskyCommands = stringList(allowRiskyCommands);
  return settings;
}

function emptySettings(): CliSettings {
  return { version: 1, workspaces: {}, excludeRepositories: [], denyCommands: [], allowCommands: [], allowRiskyCommands: [] };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The level in force for a workspace: 'off' until the user chose otherwise. */
export async function readConsent(root: string, env: NodeJS.ProcessEnv = process.env): Promise<ConsentLevel> {
  const settings = await readSettings(env);
  return settings.workspaces[await workspaceKey(root)]?.consent ?? 'off';
}

/** Records the user's choice; returns the settings file's path. */
export async function writeConsent(root: string, consent: ConsentLevel, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const settings = await readSettings(env);
  settings.workspaces[await workspaceKey(root)] = { consent, updatedAt: new Date().toISOString() };
  const path = settingsPath(env);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // Written aside and renamed over, so a crash never leaves half a settings file.
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
  return path;
}
