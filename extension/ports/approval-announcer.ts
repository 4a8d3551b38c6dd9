// Announces open approval questions without taking focus: a badge on the Crux view, a
// status-bar item (a click opens the view), and, per crux.approvals.notify, a notification
// (VS Code's notifications never take the keyboard either).
import * as vscode from 'vscode';
import type { PendingApproval } from './view-approvals';

export type NotifySetting = 'whenHidden' | 'always' | 'never';

export interface AnnouncerTarget {
  /** Whether the Crux view is on screen now. */
  isVisible(): boolean;
  setBadge(count: number, tooltip: string): void;
  reveal(): Promise<void>;
}

export class ApprovalAnnouncer implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('crux.approval', vscode.StatusBarAlignment.Left, 11);
  private notified = new Set<string>();

  constructor(private readonly target: AnnouncerTarget, private readonly notifySetting: () => NotifySetting) {
    this.item.name = 'Crux approval';
    this.item.command = 'crux.focusApproval';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
  }

  update(open: readonly PendingApproval[]): void {
    const count = open.length;
    const first = open[0];
    const tooltip = count === 0 ? '' : count === 1 && first ? `Crux asks: ${first.title}` : `Crux asks ${count} questions`;
    this.target.setBadge(count, tooltip);
    if (!first) {
      this.item.hide();
      this.notified = new Set();
      return;
    }
    this.item.text = `$(question) Crux: approval needed${count > 1 ? ` (${count})` : ''}`;
    this.item.tooltip = `${tooltip}. Click to open the Crux view and answer.`;
    this.item.accessibilityInformation = { label: `Crux: approval needed. ${tooltip}`, role: 'button' };
    this.item.show();
    for (const request of open) this.maybeNotify(request);
  }

  dispose(): void {
    this.item.dispose();
  }

  private maybeNotify(request: PendingApproval): void {
    if (this.notified.has(request.requestId)) return;
    this.notified.add(request.requestId);
    const setting = this.notifySetting();
    if (setting === 'never' || (setting === 'whenHidden' && this.target.isVisible())) return;
    void vscode.window.showInformationMessage(`Crux asks: ${request.title}`, 'Show').then((answer) => {
      if (answer === 'Show') void this.target.reveal();
    });
  }
}
