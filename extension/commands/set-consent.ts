// "Crux: Set Recording Consent": choose off / local / share for this workspace in a quick
// pick (the level may also be passed as the argument, for keybindings and automation).
import * as vscode from 'vscode';
import { CONSENT_LEVELS, describeConsentLevel, parseConsentLevel } from '../../src/trajectory/consent';
import type { ConsentLevel } from '../../src/trajectory/format';
import type { ConsentStore } from '../consent/consent-store';

interface LevelItem extends vscode.QuickPickItem {
  level: ConsentLevel;
}

export function setConsentCommand(consent: ConsentStore, storage: () => string | undefined): (level?: unknown) => Promise<ConsentLevel | undefined> {
  return async (argument?: unknown) => {
    const given = typeof argument === 'string' ? parseConsentLevel(argument) : undefined;
    const level = given ?? (await pick(consent.level));
    if (!level) return undefined;
    await consent.set(level);
    if (given === undefined) {
      const where = storage();
      const detail = level === 'off' ? 'Runs recorded before stay where they are.' : `Runs are written to ${where ?? "this workspace's storage"}.`;
      void vscode.window.showInformationMessage(`Crux recording for this workspace: ${describeConsentLevel(level)} ${detail}`);
    }
    return level;
  };
}

async function pick(current: ConsentLevel | undefined): Promise<ConsentLevel | undefined> {
  const items: LevelItem[] = CONSENT_LEVELS.map((level) => {
    const [name, ...rest] = describeConsentLevel(level).split(': ');
    return { level, label: name ?? level, description: level === current ? '(current)' : '', detail: rest.join(': ') };
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Crux: record runs in this workspace?',
    placeHolder: 'Secrets are redacted before anything is written; SWE-bench repositories are never recorded.',
    ignoreFocusOut: true,
  });
  return picked?.level;
}
