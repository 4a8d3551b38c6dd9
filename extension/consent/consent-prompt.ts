// Asks whether runs in this workspace may be recorded: inline in the Crux view when it is
// visible (with the full list of what is recorded), else in a modal dialog, so a run started
// from the command palette still asks before it records anything.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { ConsentChoice } from '../../src/protocol';
import type { ConsentLevel } from '../../src/trajectory/format';
import type { ApprovalSurface } from '../ports/view-approvals';
import { CONSENT_LABELS, consentDetail, consentRequest } from './consent-words';

/** A level; 'dismissed': the dialog was closed without a choice (ask again next run);
 * 'cancelled': the run was stopped while asking. */
export type ConsentAnswer = ConsentLevel | 'dismissed' | 'cancelled';

export type ConsentModal = (storage: string, shareTarget: string | null) => Promise<ConsentLevel | undefined>;

export class ConsentPrompt {
  private readonly pending = new Map<string, (level: ConsentChoice) => void>();

  constructor(
    private readonly surface: () => ApprovalSurface | undefined,
    private readonly askModal: ConsentModal = askInDialog,
    /** Where shared runs go (the team store, password masked), so the question can say so. */
    private readonly shareTarget: () => string | null = () => null,
  ) {}

  async ask(storage: string, signal: AbortSignal): Promise<ConsentAnswer> {
    if (signal.aborted) return 'cancelled';
    const surface = this.surface();
    if (surface?.canAskInline()) return this.askInline(surface, storage, signal);
    return new Promise<ConsentAnswer>((resolve) => {
      const onAbort = () => resolve('cancelled');
      signal.addEventListener('abort', onAbort, { once: true });
      this.askModal(storage, this.shareTarget()).then(
        (level) => resolve(level ?? 'dismissed'),
        () => resolve('dismissed'),
      ).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** An answer from the webview; false when the question is no longer open. */
  answer(requestId: string, level: ConsentChoice): boolean {
    const settle = this.pending.get(requestId);
    if (!settle) return false;
    settle(level);
    return true;
  }

  private askInline(surface: ApprovalSurface, storage: string, signal: AbortSignal): Promise<ConsentAnswer> {
    const requestId = randomUUID();
    return new Promise((resolve) => {
      const settle = (answer: ConsentAnswer) => {
        this.pending.delete(requestId);
        signal.removeEventListener('abort', onAbort);
        resolve(answer);
      };
      const onAbort = () => {
        surface.post({ type: 'consent-closed', requestId, outcome: 'cancelled' });
        settle('cancelled');
      };
      this.pending.set(requestId, settle);
      signal.addEventListener('abort', onAbort, { once: true });
      surface.post(consentRequest(requestId, storage, this.shareTarget()));
    });
  }
}

async function askInDialog(storage: string, shareTarget: string | null): Promise<ConsentLevel | undefined> {
  const levels: ConsentLevel[] = ['local', 'share', 'off'];
  const picked = await vscode.window.showInformationMessage(
    'Crux: record runs in this workspace?',
    { modal: true, detail: consentDetail(storage, shareTarget) },
    ...levels.map((level) => CONSENT_LABELS[level]),
  );
  return levels.find((level) => CONSENT_LABELS[level] === picked);
}
