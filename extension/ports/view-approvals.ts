// The Approvals port for the editor: asked inline in the Crux view (Approve / Deny with an
// optional reason / Always allow for this run). The question never takes the keyboard from
// where the user is typing: it is announced instead (a badge on the view, a status-bar item,
// a notification when the view is hidden, per crux.approvals.notify), and answered in the view
// or with the approve/deny keybindings while the view has focus.
import { randomUUID } from 'node:crypto';
import type { ApprovalDecision, ApprovalRequest, Approvals } from '../../src/host/ports';
import type { ApprovalChoice, HostMessage } from '../../src/protocol';

/** Where inline prompts go: the Crux view, when it exists. */
export interface ApprovalSurface {
  /** True when the view is visible and its page is listening. */
  canAskInline(): boolean;
  post(message: HostMessage): void;
}

/** Told when the open questions change, to announce them (see approval-announcer.ts). */
export interface PendingApproval {
  requestId: string;
  title: string;
  risk: ApprovalRequest['risk'];
  /** Whether the view could show it when it was asked. */
  shownInline: boolean;
}

type Settle = (choice: ApprovalChoice | 'cancelled', reason: string | null) => void;
type RequestMessage = Extract<HostMessage, { type: 'approval-request' }>;

export class ViewApprovals implements Approvals {
  private readonly pending = new Map<string, { settle: Settle; info: PendingApproval; message: RequestMessage }>();
  private readonly listeners = new Set<(pending: readonly PendingApproval[]) => void>();

  constructor(private readonly surface: () => ApprovalSurface | undefined) {}

  async request(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    if (signal.aborted) return { kind: 'deny', reason: 'the run was stopped' };
    const { choice, reason } = await this.askInline(request, signal);
    return toDecision(choice, reason);
  }

  /** An answer from the webview; false when the request is no longer open. */
  answer(requestId: string, choice: ApprovalChoice, reason: string | null = null): boolean {
    const open = this.pending.get(requestId);
    if (!open) return false;
    open.settle(choice, reason);
    return true;
  }

  /** The approve/deny keybindings: answers the oldest open question and closes its prompt. */
  answerOldest(choice: ApprovalChoice): boolean {
    const first = this.pending.keys().next();
    if (first.done) return false;
    const requestId = first.value;
    this.surface()?.post({ type: 'approval-closed', requestId, outcome: choice });
    return this.answer(requestId, choice);
  }

  /** Asks the open questions again (a reloaded page lost them). */
  repost(): void {
    for (const { message } of this.pending.values()) this.surface()?.post(message);
  }

  get open(): readonly PendingApproval[] {
    return [...this.pending.values()].map((entry) => entry.info);
  }

  onDidChangePending(listener: (pending: readonly PendingApproval[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private askInline(request: ApprovalRequest, signal: AbortSignal): Promise<{ choice: ApprovalChoice | 'cancelled'; reason: string | null }> {
    const requestId = randomUUID();
    const surface = this.surface();
    return new Promise((resolve) => {
      const settle: Settle = (choice, reason) => {
        this.pending.delete(requestId);
        signal.removeEventListener('abort', onAbort);
        this.changed();
        resolve({ choice, reason });
      };
      const onAbort = () => {
        this.surface()?.post({ type: 'approval-closed', requestId, outcome: 'cancelled' });
        settle('cancelled', null);
      };
      const info: PendingApproval = { requestId, title: request.title, risk: request.risk, shownInline: surface?.canAskInline() === true };
      const message: RequestMessage = { type: 'approval-request', requestId, tool: request.tool, title: request.title, detail: request.detail, risk: request.risk };
      this.pending.set(requestId, { settle, info, message });
      signal.addEventListener('abort', onAbort, { once: true });
      // Queued by the channel until the view's page listens, so a closed view still gets it.
      surface?.post(message);
      this.changed();
    });
  }

  private changed(): void {
    const open = this.open;
    for (const listener of this.listeners) listener(open);
  }
}

function toDecision(choice: ApprovalChoice | 'cancelled', reason: string | null): ApprovalDecision {
  switch (choice) {
    case 'approve':
      return { kind: 'approve' };
    case 'approve-always':
      return { kind: 'approve-always' };
    case 'deny':
      return { kind: 'deny', reason: reason && reason.trim() !== '' ? `the user denied it: ${reason.trim()}` : 'the user denied it' };
    case 'cancelled':
      return { kind: 'deny', reason: 'the run was stopped' };
  }
}
