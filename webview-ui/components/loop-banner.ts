// A loop-watch finding on a run: what repeats, at which steps (each a link to that step's tool
// card), how serious it is, and the ways out it offers. A choice is applied by the host between
// model turns, so the banner says it is pending until the 'recovery' event confirms it; the
// policy's own recoveries show the same way, marked as automatic.
import type { LoopRecovery, LoopRecoveryTakenMessage, LoopWarningMessage } from '../../src/protocol/index';
import { button, h } from '../dom';
import type { Post } from '../vscode-api';

const HEADLINE: Record<LoopWarningMessage['severity'], string> = {
  notice: 'Worth knowing',
  warning: 'The agent may be going in circles',
  stuck: 'The agent is stuck in a loop',
};

const ACTION_LABEL: Record<LoopRecovery, { label: string; aria: string; className: string }> = {
  nudge: { label: 'Nudge the model', aria: 'Tell the model it is repeating itself', className: 'primary' },
  rollback: { label: 'Roll back', aria: 'Roll the files and the conversation back to before the loop', className: 'secondary' },
  stop: { label: 'Stop', aria: 'Stop the run', className: 'danger' },
  dismiss: { label: 'Dismiss', aria: 'Dismiss this warning', className: 'secondary' },
};

const PENDING: Record<LoopRecovery, string> = {
  nudge: 'The nudge goes to the model before its next step…',
  rollback: 'Rolling back before the next step…',
  stop: 'Stopping before the next step…',
  dismiss: 'Letting the run go on…',
};

export interface LoopBannerContext {
  runId: string | undefined;
  post: Post;
  showStep(step: number): void;
}

export class LoopBanner {
  readonly element: HTMLElement;
  private readonly buttonRow = h('div', { className: 'button-row loop-actions' });
  private readonly outcome = h('p', { className: 'loop-outcome', attrs: { 'aria-live': 'polite', 'hidden': true } });
  private readonly headline = h('strong');
  private readonly icon = h('span', { className: 'loop-icon', attrs: { 'aria-hidden': 'true' } });
  private readonly kindBadge = h('span');
  private readonly summary = h('p', { className: 'loop-summary' });
  private readonly steps = h('div', { className: 'loop-steps' });
  private buttons: HTMLButtonElement[] = [];
  private pending: LoopRecovery | null = null;
  private settled = false;
  private isPaused = false;
  warning: LoopWarningMessage;

  constructor(warning: LoopWarningMessage, private readonly context: LoopBannerContext) {
    this.warning = warning;
    this.element = h('section', { className: 'loop-banner' },
      h('header', { className: 'loop-header' }, this.icon, this.headline, this.kindBadge),
      this.summary, this.steps, this.buttonRow, this.outcome);
    this.render();
  }

  /** The same finding again, escalated (loop, then stuck) or with more steps: updated in place. */
  update(warning: LoopWarningMessage): void {
    this.warning = warning;
    // An escalation reopens a finding a nudge left open; a settled one stays settled.
    this.render();
  }

  /** Under `warn`, the run waits for a choice here before its next model turn. */
  paused(): void {
    if (this.settled || this.pending) return;
    this.isPaused = true;
    this.element.dataset.paused = 'true';
    this.show('The run is paused before its next step until you choose (Keep going lets it continue).');
    this.renderButtons();
  }

  /** A way out was taken (by the user or the policy). */
  recovered(message: LoopRecoveryTakenMessage): void {
    // The policy may act first at the same safe point; the user's choice is still to come then.
    if (message.decidedBy === 'user') this.pending = null;
    this.isPaused = false;
    delete this.element.dataset.paused;
    const who = message.decidedBy === 'user' ? 'you' : 'the loop watch, automatically';
    const what: Record<LoopRecovery, string> = {
      nudge: `Nudged the model (${who}).`,
      rollback: `Rolled back to after step ${message.toStep ?? '?'}: files and conversation (${who}).`,
      stop: `Stopped the run (${who}).`,
      dismiss: `Kept going (${who}).`,
    };
    this.show(what[message.action]);
    this.element.dataset.recovery = message.action;
    this.nudged ||= message.action === 'nudge';
    // A nudge leaves the loop open (it may go on); the others settle it.
    if (message.action !== 'nudge') this.settle();
    else this.renderButtons();
    if (this.pending) this.show(`${what[message.action]} ${PENDING[this.pending]}`);
  }

  /** Another finding's rollback undid the steps of this one: the same loop, settled. */
  undone(toStep: number): void {
    this.pending = null;
    this.show(`Its steps were undone by the rollback to after step ${toStep}.`);
    this.settle();
  }

  /** The run ended: nothing can be applied any more. */
  runEnded(): void {
    if (this.pending) this.show('The run ended before this could be applied.');
    this.pending = null;
    this.settle();
  }

  private nudged = false;

  private render(): void {
    const { warning } = this;
    const severity = warning.severity;
    this.element.className = `loop-banner severity-${severity}${this.settled ? ' settled' : ''}`;
    this.element.setAttribute('role', severity === 'notice' ? 'status' : 'alert');
    this.element.setAttribute('aria-label', `Loop watch: ${HEADLINE[severity]}`);
    this.element.dataset.findingId = warning.findingId;
    this.element.dataset.severity = severity;
    this.icon.textContent = severity === 'notice' ? 'ℹ' : '⚠';
    this.headline.textContent = HEADLINE[severity];
    this.kindBadge.className = `badge badge-loop-${severity}`;
    this.kindBadge.textContent = warning.kind.replace(/-/g, ' ');
    this.summary.textContent = warning.summary;
    this.steps.replaceChildren(h('span', { className: 'muted', text: warning.steps.length === 1 ? 'Step ' : 'Steps ' }),
      ...warning.steps.map((step) => button(String(step), () => this.context.showStep(step), {
        className: 'link-button', attrs: { 'aria-label': `Show step ${step}`, 'data-step': String(step) },
      })));
    this.renderButtons();
  }

  /** Only the buttons that can act now are shown: none once settled or while a choice is
   * pending, no second nudge, and "Keep going" (dismiss) under that name while paused. */
  private renderButtons(): void {
    const actions = this.settled || this.pending || !this.context.runId
      ? []
      : this.warning.recoveries.filter((action) => !(action === 'nudge' && this.nudged));
    this.buttons = actions.map((action) => {
      const words = ACTION_LABEL[action];
      const label = action === 'dismiss' && this.isPaused ? 'Keep going' : words.label;
      return button(label, () => this.choose(action), { className: `${words.className} small`, attrs: { 'aria-label': action === 'dismiss' && this.isPaused ? 'Keep going: dismiss this warning and let the run continue' : words.aria, 'data-action': action } });
    });
    this.buttonRow.replaceChildren(...this.buttons);
    this.buttonRow.hidden = this.buttons.length === 0;
  }

  private choose(action: LoopRecovery): void {
    if (!this.context.runId || this.pending) return;
    this.context.post({ type: 'loop-recovery', runId: this.context.runId, findingId: this.warning.findingId, action });
    this.pending = action;
    this.renderButtons();
    this.show(PENDING[action]);
  }

  private show(text: string): void {
    this.outcome.textContent = text;
    this.outcome.hidden = false;
  }

  private settle(): void {
    this.settled = true;
    this.isPaused = false;
    this.element.classList.add('settled');
    this.renderButtons();
  }
}
