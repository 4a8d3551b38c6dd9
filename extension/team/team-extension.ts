// The team store in the editor: the `crux.team.url` setting (no password in it; the password
// lives in SecretStorage), a command to connect with the URL an administrator gave, a status
// bar item showing the upload state, a command listing what is queued, and the background
// sync (team-sync.ts) after every run.
import * as vscode from 'vscode';
import type { Log } from '../../src/host/ports';
import { maskPassword } from '../../src/team/url';
import type { ConsentLevel } from '../../src/trajectory/format';
import type { DisposableStore } from '../disposable-store';
import { TeamSync, type TeamSyncState } from './team-sync';

export const TEAM_URL_SETTING = 'team.url';
/** The team commands this file registers (package.json contributes them). */
export const TEAM_COMMANDS = ['crux.team.connect', 'crux.team.pushNow', 'crux.team.showQueue'] as const;
const SECRET_PREFIX = 'crux.team.password:';

export interface TeamDeps {
  secrets: vscode.SecretStorage;
  log: Log;
  storeDir(): string | undefined;
  consent(): ConsentLevel;
  onConsentChange: vscode.Event<unknown>;
  /** Fires whenever the run state changes; a sync follows each run's end. */
  onRunStateChange: vscode.Event<{ running: boolean }>;
}

export interface TeamHandle {
  /** Where shared runs go, for the consent question (no password); null when nowhere. */
  shareTarget(): string | null;
  sync: TeamSync;
}

export function registerTeam(disposables: DisposableStore, deps: TeamDeps): TeamHandle {
  const config = () => vscode.workspace.getConfiguration('crux');
  const settingUrl = () => config().get<string>(TEAM_URL_SETTING, '').trim();
  const connection = async (): Promise<string | undefined> => {
    const url = settingUrl();
    if (!url) return undefined;
    const parsed = safeUrl(url);
    if (!parsed || parsed.password) return url;
    const password = await deps.secrets.get(SECRET_PREFIX + url);
    if (password) parsed.password = encodeURIComponent(password);
    return parsed.toString();
  };
  const item = disposables.add(vscode.window.createStatusBarItem('crux.team', vscode.StatusBarAlignment.Left, 8));
  item.name = 'Crux team store';
  item.command = 'crux.team.showQueue';
  const sync = new TeamSync({ storeDir: deps.storeDir, consent: deps.consent, connection, log: deps.log, onState: (state) => showState(item, state) });
  disposables.add({ dispose: () => sync.dispose() });

  let wasRunning = false;
  disposables.add(deps.onRunStateChange((state) => {
    if (wasRunning && !state.running) void sync.schedule();
    wasRunning = state.running;
  }));
  disposables.add(deps.onConsentChange(() => void sync.schedule()));
  disposables.add(vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(`crux.${TEAM_URL_SETTING}`)) void sync.schedule();
  }));
  disposables.add(vscode.commands.registerCommand('crux.team.connect', (given?: string) => connect(given, deps.secrets, sync)));
  disposables.add(vscode.commands.registerCommand('crux.team.pushNow', () => sync.schedule().then(() => sync.current)));
  disposables.add(vscode.commands.registerCommand('crux.team.showQueue', () => showQueue(sync)));
  void sync.schedule();
  return { shareTarget: () => (settingUrl() ? maskPassword(settingUrl()) : null), sync };
}

/** Takes the URL `crux team add-contributor` printed: the address goes to the setting, the
 * password to SecretStorage. Returns the address (without the password). */
async function connect(given: string | undefined, secrets: vscode.SecretStorage, sync: TeamSync): Promise<string | undefined> {
  const url = given ?? await vscode.window.showInputBox({
    title: 'Crux: connect to a team store',
    prompt: 'The URL your team administrator gave you (crux team add-contributor prints it). The password is kept in VS Code\'s secret storage, not in settings.',
    placeHolder: 'postgres://NAME:PASSWORD@HOST:5432/DATABASE', password: true, ignoreFocusOut: true,
    validateInput: (value) => (safeUrl(value.trim()) ? null : 'a postgres://… URL'),
  });
  if (!url) return undefined;
  const parsed = safeUrl(url.trim());
  if (!parsed) throw new Error('Crux: not a postgres:// URL');
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const address = parsed.toString();
  if (password) await secrets.store(SECRET_PREFIX + address, password);
  await vscode.workspace.getConfiguration('crux').update(TEAM_URL_SETTING, address, vscode.ConfigurationTarget.Global);
  await sync.schedule();
  return address;
}

async function showQueue(sync: TeamSync): Promise<string[]> {
  const queue = await sync.queued();
  const state = sync.current;
  const items = queue.map((run) => ({
    label: run.why === 'withdraw' ? `$(trash) ${run.runId}` : `$(cloud-upload) ${run.title || run.runId}`,
    description: run.why === 'withdraw' ? 'to withdraw from the team store' : run.why === 'grown' ? 'changed since pushed' : 'not pushed yet',
  }));
  const title = `Crux team store: ${describeState(state)}`;
  if (items.length === 0) void vscode.window.showInformationMessage(`${title}. Nothing is queued.`);
  else void vscode.window.showQuickPick(items, { title, placeHolder: `${items.length} queued; they go in the background` });
  return queue.map((run) => run.runId);
}

function showState(item: vscode.StatusBarItem, state: TeamSyncState): void {
  if (state.kind === 'off') {
    item.hide();
    return;
  }
  const icon = state.kind === 'syncing' ? '$(sync~spin)' : state.kind === 'offline' ? '$(cloud-offline)' : state.kind === 'failed' ? '$(warning)' : state.kind === 'not-sharing' ? '$(circle-slash)' : '$(cloud)';
  const short = state.kind === 'offline' ? `Team: ${state.queued} queued` : state.kind === 'synced' ? 'Team: up to date' : state.kind === 'syncing' ? 'Team: pushing' : state.kind === 'failed' ? 'Team: error' : 'Team: not sharing';
  item.text = `${icon} ${short}`;
  item.tooltip = `${describeState(state)}. Click to see what is queued.`;
  item.accessibilityInformation = { label: short };
  item.show();
}

export function describeState(state: TeamSyncState): string {
  switch (state.kind) {
    case 'off': return 'no team store is set (crux.team.url)';
    case 'not-sharing': return `this workspace's consent is "${state.consent}": nothing is pushed`;
    case 'syncing': return `pushing shared runs to ${state.target}`;
    case 'synced': return `up to date with ${state.target}`;
    case 'offline': return `${state.target} is unreachable (${state.error}); ${state.queued} queued, retrying in ${Math.round(state.retryInMs / 1000)} s`;
    case 'failed': return `pushing to ${state.target} failed: ${state.error}`;
  }
}

function safeUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return /^postgres(ql)?:$/.test(url.protocol) ? url : null;
  } catch {
    return null;
  }
}
