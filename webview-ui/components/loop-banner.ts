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
  dismiss: 'Dismissing…',
};

export interface LoopBannerContext {
  runId: string | undefined;
  post: Post;
  showStep(step: number): void;
}

export class LoopBanner {
  readonly element: HTMLElement;
  private readonly buttons: HTMLButtonElement[];
  private readonly outcome = h('p', { className: 'loop-outcome', attrs: { 'aria-live': 'polite', 'hidden': true } });
  private pending: LoopRecovery | null = null;

  constructor(readonly warning: LoopWarningMessage, private readonly context: LoopBannerContext) {
    const severity = warning.severity;
    this.buttons = warning.recoveries.map((action) => {
      const words = ACTION_LABEL[action];
      return button(words.label, () => this.choose(action), { className: `${words.className} small`, attrs: { 'aria-label': words.aria, 'data-action': action } });
    });
    const steps = h('div', { className: 'loop-steps' }, h('span', { className: 'muted', text: warning.steps.length === 1 ? 'Step ' : 'Steps ' }),
      ...warning.steps.map((step) => button(String(step), () => context.showStep(step), {
        className: 'link-button', attrs: { 'aria-label': `Show step ${step}`, 'data-step': String(step) },
      })));
    this.element = h('section', {
      className: `loop-banner severity-${severity}`,
      attrs: { 'role': severity === 'notice' ? 'status' : 'alert', 'aria-label': `Loop watch: ${HEADLINE[severity]}`, 'data-finding-id': warning.findingId, 'data-severity': severity },
    },
    h('header', { className: 'loop-header' },
      h('span', { className: 'loop-icon', text: severity === 'notice' ? 'ℹ' : '⚠', attrs: { 'aria-hidden': 'true' } }),
      h('strong', { text: HEADLINE[severity] }),
      h('span', { className: `badge badge-loop-${severity}`, text: warning.kind.replace(/-/g, ' ') })),
    h('p', { className: 'loop-summary', text: warning.summary }),
    steps,
    h('div', { className: 'button-row loop-actions' }, ...this.buttons),
    this.outcome);
  }

  /** A way out was taken (by the user or the policy). */
  recovered(message: LoopRecoveryTakenMessage): void {
    // The policy may act first at the same safe point; the user's choice is still to come then.
    if (message.decidedBy === 'user') this.pending = null;
    const who = message.decidedBy === 'user' ? 'you' : 'the loop watch, automatically';
    const what: Record<LoopRecovery, string> = {
      nudge: `Nudged the model (${who}).`,
      rollback: `Rolled back to after step ${message.toStep ?? '?'}: files and conversation (${who}).`,
      stop: `Stopped the run (${who}).`,
      dismiss: `Dismissed (${who}).`,
    };
    this.show(what[message.action]);
    this.element.dataset.recovery = message.action;
    // A nudge leaves the loop open (it may go on); the others settle it.
    if (message.action !== 'nudge') this.disable();
    else if (!this.pending) for (const each of this.buttons) each.disabled = each.dataset.action === 'nudge';
    if (this.pending) this.show(`${what[message.action]} ${PENDING[this.pending]}`);
  }

  /** Another finding's rollback undid the steps of this one: the same loop, settled. */
  undone(toStep: number): void {
    this.pending = null;
    this.show(`Its steps were undone by the rollback to after step ${toStep}.`);
    this.disable();
  }

  /** The run ended: nothing can be applied any more. */
  runEnded(): void {
    if (this.pending) this.show('The run ended before this could be applied.');
    this.pending = null;
    this.disable();
  }

  private choose(action: LoopRecovery): void {
    if (!this.context.runId || this.pending) return;
    this.context.post({ type: 'loop-recovery', runId: this.context.runId, findingId: this.warning.findingId, action });
    this.pending = action;
    for (const each of this.buttons) each.disabled = true;
    this.show(PENDING[action]);
  }

  private show(text: string): void {
    this.outcome.textContent = text;
    this.outcome.hidden = false;
  }

  private disable(): void {
    for (const each of this.buttons) each.disabled = true;
    this.element.classList.add('settled');
  }
}
