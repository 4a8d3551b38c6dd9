// The recording consent at a glance: a status bar item that says whether runs here are
// recorded; a click changes it (Crux: Set Recording Consent).
import * as vscode from 'vscode';
import type { ConsentLevel } from '../../src/trajectory/format';

const TEXT: Record<ConsentLevel | 'unset', { text: string; tooltip: string }> = {
  unset: { text: '$(question) Recording: ask', tooltip: 'Crux asks before the first run whether runs in this workspace are recorded. Click to choose now.' },
  off: { text: '$(circle-slash) Recording: off', tooltip: 'Crux does not record runs in this workspace. Click to change.' },
  local: { text: '$(record) Recording: local', tooltip: 'Crux records runs in this workspace, kept on this machine. Click to change.' },
  share: { text: '$(record) Recording: share', tooltip: 'Crux records runs in this workspace; they may be exported to share. Click to change.' },
};

export function createConsentStatusBar(command: string): { item: vscode.StatusBarItem; update(level: ConsentLevel | undefined): void } {
  const item = vscode.window.createStatusBarItem('crux.consent', vscode.StatusBarAlignment.Left, 9);
  item.name = 'Crux recording';
  item.command = command;
  const update = (level: ConsentLevel | undefined) => {
    const words = TEXT[level ?? 'unset'];
    item.text = words.text;
    item.tooltip = words.tooltip;
    item.accessibilityInformation = { label: words.text.replace(/\$\([^)]*\)\s*/g, 'Crux ') };
  };
  item.show();
  return { item, update };
}
