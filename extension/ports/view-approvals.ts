// The Approvals port for the editor: asked inline in the Crux view (Approve / Deny /
// Always) when the user can see it, else in a modal dialog so a run never waits unseen.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { ApprovalDecision, ApprovalRequest, Approvals } from '../../src/host/ports';
import type { HostMessage, ResponseTo } from '../../src/protocol';

/** Where inline prompts go: the Crux view, when it exists. */
export interface ApprovalSurface {
  /** True when the view is visible and its page is listening. */
  canAskInline(): boolean;
  post(message: HostMessage): void;
}

/** What the user may answer to an approval request, inline or in the dialog. */
type ApprovalChoice = ResponseTo<'approval-request'>['decision'];

export type ModalAsk = (request: ApprovalRequest) => Promise<ApprovalChoice>;

export class ViewApprovals implements Approvals {
  private readonly pending = new Map<string, (choice: ApprovalChoice) => void>();

  constructor(
    private readonly surface: () => ApprovalSurface | undefined,
    private readonly askModal: ModalAsk = askInDialog,
  ) {}

  async request(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    if (signal.aborted) return { kind: 'deny', reason: 'the run was stopped' };
    const surface = this.surface();
    const choice = surface?.canAskInline()
      ? await this.askInline(surface, request, signal)
      : await raceAbort(this.askModal(request), signal);
    return toDecision(choice);
  }

  /** An answer from the webview; false when the request is no longer open. */
  answer(requestId: string, choice: ApprovalChoice): boolean {
    const resolve = this.pending.get(requestId);
    if (!resolve) return false;
    resolve(choice);
    return true;
  }

  private askInline(surface: ApprovalSurface, request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalChoice | 'cancelled'> {
    const requestId = randomUUID();
    return new Promise((resolve) => {
      const settle = (outcome: ApprovalChoice | 'cancelled') => {
        this.pending.delete(requestId);
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const onAbort = () => {
        surface.post({ type: 'approval-closed', requestId, outcome: 'cancelled' });
        settle('cancelled');
      };
      this.pending.set(requestId, settle);
      signal.addEventListener('abort', onAbort, { once: true });
      surface.post({ type: 'approval-request', requestId, tool: request.tool, title: request.title, detail: request.detail, risk: request.risk });
    });
  }
}

function toDecision(choice: ApprovalChoice | 'cancelled'): ApprovalDecision {
  switch (choice) {
    case 'approve':
      return { kind: 'approve' };
    case 'approve-always':
      return { kind: 'approve-always' };
    case 'deny':
      return { kind: 'deny', reason: 'the user denied it' };
    case 'cancelled':
      return { kind: 'deny', reason: 'the run was stopped' };
  }
}

/** A dialog cannot be closed from code; when the run stops first, stop waiting for it. */
function raceAbort(answer: Promise<ApprovalChoice>, signal: AbortSignal): Promise<ApprovalChoice | 'cancelled'> {
  return new Promise((resolve) => {
    const onAbort = () => resolve('cancelled');
    signal.addEventListener('abort', onAbort, { once: true });
    answer.then(resolve, () => resolve('deny')).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const APPROVE = 'Approve';
const ALWAYS = 'Always allow';
const DENY = 'Deny';

async function askInDialog(request: ApprovalRequest): Promise<ApprovalChoice> {
  const detail = request.detail.length > 2000 ? `${request.detail.slice(0, 2000)}\n…` : request.detail;
  const picked = await vscode.window.showWarningMessage(
    `Crux wants to: ${request.title}`,
    { modal: true, detail: `${detail}\n\n"${ALWAYS}" approves every ${request.risk} action for the rest of this run.` },
    APPROVE, ALWAYS, DENY,
  );
  if (picked === APPROVE) return 'approve';
  if (picked === ALWAYS) return 'approve-always';
  return 'deny';
}
