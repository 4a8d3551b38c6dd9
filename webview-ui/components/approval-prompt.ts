// An inline question: may the agent do this? Approve, Deny (optionally with a reason the model
// is told), or Always allow this kind of action for the rest of this run. It takes the
// keyboard only when the Crux view already has it and the user is not typing in it (see
// Transcript.approvalRequest): a Space meant for the editor must never approve an edit.
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
  'approve-always': 'Approved (and the same kind for the rest of this run)',
  'deny': 'Denied',
  'cancelled': 'No longer needed',
};

export class ApprovalPrompt {
  readonly element: HTMLElement;
  private readonly buttons: HTMLButtonElement[];
  private readonly buttonRow: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly reasonRow: HTMLElement;
  private readonly reasonInput: HTMLInputElement;
  private readonly outcome = h('p', { className: 'approval-outcome', attrs: { hidden: true } });

  constructor(readonly request: ApprovalRequestMessage, private readonly post: Post) {
    const label = `Approval needed: ${request.title}`;
    const noun = RISK_NOUNS[request.risk];
    const approve = button('Approve', () => this.answer('approve'), { className: 'primary', attrs: { 'aria-keyshortcuts': 'Alt+A' } });
    const always = button(`Always allow ${noun} (this run)`, () => this.answer('approve-always'), {
      className: 'secondary', attrs: { 'aria-label': `Approve, and allow all ${noun} for the rest of this run`, 'title': `Until this run ends; the next run asks again` },
    });
    const deny = button('Deny', () => this.answer('deny'), { className: 'secondary', attrs: { 'aria-keyshortcuts': 'Alt+D Escape' } });
    const withReason = button('Deny with reason…', () => this.askReason(), { className: 'link-button' });
    this.reasonInput = h('input', {
      className: 'deny-reason', attrs: { 'type': 'text', 'aria-label': 'Why (the model is told)', 'placeholder': 'Why? The model is told, e.g. "use the existing helper"' },
    });
    this.reasonInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        this.answer('deny');
      }
    });
    this.reasonRow = h('div', { className: 'reason-row', attrs: { hidden: true } }, this.reasonInput,
      button('Deny', () => this.answer('deny'), { className: 'secondary', attrs: { 'aria-label': 'Deny with this reason' } }));
    this.buttons = [approve, always, deny, withReason];
    this.buttonRow = h('div', { className: 'button-row' }, ...this.buttons);
    this.detail = looksLikeDiff(request.detail) ? diffLines(request.detail) : h('pre', { className: 'approval-detail', text: request.detail, attrs: { tabindex: '0' } });
    this.element = h('section', { className: `approval risk-${request.risk}`, attrs: { 'role': 'group', 'aria-label': label, 'data-request-id': request.requestId } },
      h('header', { className: 'approval-header' }, h('strong', { text: request.title }), h('span', { className: `badge badge-risk-${request.risk}`, text: request.risk })),
      this.detail,
      this.buttonRow,
      this.reasonRow,
      this.outcome);
  }

  get isOpen(): boolean {
    return !this.element.dataset.answered;
  }

  focus(): void {
    this.buttons[0]?.focus();
  }

  /** Escape: deny (with the reason typed so far, if the reason box is open). */
  deny(): void {
    this.answer('deny');
  }

  /** Closed from the host: answered by a keybinding, or the run ended. */
  close(outcome: ApprovalChoice | 'cancelled'): void {
    if (this.element.dataset.answered) return;
    this.settle(outcome, null);
  }

  private askReason(): void {
    this.reasonRow.hidden = false;
    this.reasonInput.focus();
  }

  private answer(decision: ApprovalChoice): void {
    if (this.element.dataset.answered) return;
    const reason = decision === 'deny' && !this.reasonRow.hidden ? this.reasonInput.value.trim() || null : null;
    this.post({ type: 'approval-answer', requestId: this.request.requestId, decision, reason });
    this.settle(decision, reason);
  }

  private settle(outcome: ApprovalChoice | 'cancelled', reason: string | null): void {
    const hadFocus = this.element.contains(document.activeElement);
    this.element.dataset.answered = outcome;
    for (const each of this.buttons) each.disabled = true;
    // Answered: the question shrinks to its answer (the card above shows what was asked).
    this.buttonRow.hidden = true;
    this.reasonRow.hidden = true;
    this.detail.hidden = true;
    this.outcome.textContent = reason ? `${OUTCOME_TEXT[outcome]}: ${reason}` : OUTCOME_TEXT[outcome];
    this.outcome.hidden = false;
    // The focused button is gone; the keyboard goes back to the task box, not to the page.
    if (hadFocus) this.element.dispatchEvent(new CustomEvent('crux-focus-released', { bubbles: true }));
  }
}

function looksLikeDiff(text: string): boolean {
  return /^(---|\+\+\+|@@|Index:)/m.test(text);
}
