// An inline question: may the agent do this? Approve, Deny, or Always allow this kind of
// action for the rest of the run. The Approve button takes focus so Enter answers it.
import type { ApprovalChoice, ApprovalRequestMessage } from '../../src/protocol/index';
import { button, h } from '../dom';
import type { Post } from '../vscode-api';
import { diffLines } from './diff-view';

const RISK_NOUNS: Record<ApprovalRequestMessage['risk'], string> = {
  read: 'reads',
  edit: 'edits',
  execute: 'commands',
  destructive: 'destructive actions',
};

const OUTCOME_TEXT: Record<ApprovalChoice | 'cancelled', string> = {
  'approve': 'Approved',
  'approve-always': 'Approved (always for this kind)',
  'deny': 'Denied',
  'cancelled': 'No longer needed',
};

export class ApprovalPrompt {
  readonly element: HTMLElement;
  private readonly buttons: HTMLButtonElement[];
  private readonly buttonRow: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly outcome = h('p', { className: 'approval-outcome', attrs: { hidden: true } });

  constructor(readonly request: ApprovalRequestMessage, private readonly post: Post) {
    const label = `Approval needed: ${request.title}`;
    const approve = button('Approve', () => this.answer('approve'), { className: 'primary' });
    const always = button(`Always allow ${RISK_NOUNS[request.risk]}`, () => this.answer('approve-always'), {
      className: 'secondary', attrs: { 'aria-label': `Approve, and allow all ${RISK_NOUNS[request.risk]} for the rest of this run` },
    });
    const deny = button('Deny', () => this.answer('deny'), { className: 'secondary' });
    this.buttons = [approve, always, deny];
    this.buttonRow = h('div', { className: 'button-row' }, ...this.buttons);
    this.detail = looksLikeDiff(request.detail) ? diffLines(request.detail) : h('pre', { className: 'approval-detail', text: request.detail, attrs: { tabindex: '0' } });
    this.element = h('section', { className: `approval risk-${request.risk}`, attrs: { 'role': 'group', 'aria-label': label, 'data-request-id': request.requestId } },
      h('header', { className: 'approval-header' }, h('strong', { text: request.title }), h('span', { className: `badge badge-risk-${request.risk}`, text: request.risk })),
      this.detail,
      this.buttonRow,
      this.outcome);
  }

  focus(): void {
    this.buttons[0]?.focus();
  }

  /** Closed from the host: answered in a dialog, or the run ended. */
  close(outcome: ApprovalChoice | 'cancelled'): void {
    if (this.element.dataset.answered) return;
    this.settle(outcome);
  }

  private answer(decision: ApprovalChoice): void {
    if (this.element.dataset.answered) return;
    this.post({ type: 'approval-answer', requestId: this.request.requestId, decision });
    this.settle(decision);
  }

  private settle(outcome: ApprovalChoice | 'cancelled'): void {
    this.element.dataset.answered = outcome;
    for (const each of this.buttons) each.disabled = true;
    // Answered: the question shrinks to its answer (the card above shows what was asked).
    this.buttonRow.hidden = true;
    this.detail.hidden = true;
    this.outcome.textContent = OUTCOME_TEXT[outcome];
    this.outcome.hidden = false;
  }
}

function looksLikeDiff(text: string): boolean {
  return /^(---|\+\+\+|@@|Index:)/m.test(text);
}
