// Asked once per workspace, before its first run: may Crux record runs here? Shows what a
// recording holds, how secrets are handled and what is never recorded, then off / local / share.
import type { ConsentChoice, ConsentRequestMessage } from '../../src/protocol/index';
import { button, h } from '../dom';
import type { Post } from '../vscode-api';

const LABEL: Record<ConsentChoice, string> = {
  local: 'Record on this machine',
  share: 'Record, and allow sharing',
  off: "Don't record",
};

const OUTCOME: Record<ConsentChoice | 'cancelled', string> = {
  local: 'Recording: local. Runs in this workspace are recorded on this machine.',
  share: 'Recording: share. Runs are recorded and may be exported to share.',
  off: 'Recording: off. Nothing is recorded in this workspace.',
  cancelled: 'The run stopped before you chose; Crux asks again next run.',
};

export class ConsentPromptView {
  readonly element: HTMLElement;
  private readonly buttons: HTMLButtonElement[];
  private readonly body: HTMLElement;
  private readonly outcome = h('p', { className: 'consent-outcome', attrs: { hidden: true } });

  constructor(private readonly request: ConsentRequestMessage, private readonly post: Post) {
    this.buttons = request.options.map((option) => button(LABEL[option.level], () => this.answer(option.level), {
      className: option.level === 'local' ? 'primary' : 'secondary',
      attrs: { 'data-level': option.level, 'title': option.description },
    }));
    this.body = h('div', { className: 'consent-body' },
      h('p', {}, 'Crux can record each run in this workspace as a trajectory file, to review runs and to build training data. Files go to ',
        h('code', { text: request.storage }), '. A recorded run holds:'),
      h('ul', { className: 'consent-items' }, ...request.items.map((item) => h('li', { text: item }))),
      h('p', { className: 'muted', text: request.redaction }),
      h('p', { className: 'muted', text: request.exclusion }),
      h('ul', { className: 'consent-levels muted' }, ...request.options.map((option) => h('li', { text: option.description }))),
      h('div', { className: 'button-row' }, ...this.buttons),
      h('p', { className: 'muted small', text: 'Change it later with "Crux: Set Recording Consent" or the status bar.' }));
    this.element = h('section', { className: 'consent-prompt', attrs: { 'role': 'group', 'aria-label': 'Record runs in this workspace?', 'data-request-id': request.requestId } },
      h('header', { className: 'consent-header' }, h('strong', { text: 'Record runs in this workspace?' })),
      this.body,
      this.outcome);
  }

  focus(): void {
    this.buttons[0]?.focus();
  }

  get isOpen(): boolean {
    return this.element.dataset.answered === undefined;
  }

  /** Closed by the host: answered in the dialog, or the run stopped. */
  close(outcome: ConsentChoice | 'cancelled'): void {
    if (this.element.dataset.answered) return;
    this.settle(outcome);
  }

  private answer(level: ConsentChoice): void {
    if (this.element.dataset.answered) return;
    this.post({ type: 'consent-answer', requestId: this.request.requestId, level });
    this.settle(level);
  }

  private settle(outcome: ConsentChoice | 'cancelled'): void {
    this.element.dataset.answered = outcome;
    for (const each of this.buttons) each.disabled = true;
    this.body.hidden = true;
    this.outcome.textContent = OUTCOME[outcome];
    this.outcome.hidden = false;
  }
}
