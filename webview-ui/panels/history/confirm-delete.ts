// The question before a run is deleted, asked in the page above the list: the run's title and
// id, Delete (focused, so Enter confirms) and Cancel (or Escape). Asked here rather than in a
// modal dialog so the keyboard stays in the history and the list keeps its place.
import type { HistoryRun } from '../../../src/protocol/index';
import { button, h } from '../../dom';

export class ConfirmDelete {
  readonly element = h('div', { className: 'confirm-delete notice', attrs: { 'role': 'alertdialog', 'aria-label': 'Delete a run', 'hidden': true } });
  private onAnswer: ((confirmed: boolean) => void) | undefined;

  constructor() {
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.answer(false);
      }
    });
  }

  ask(run: HistoryRun, onAnswer: (confirmed: boolean) => void): void {
    this.onAnswer = onAnswer;
    const title = run.title.trim() === '' ? run.runId : run.title;
    const yes = button('Delete', () => this.answer(true), { className: 'danger small', attrs: { 'aria-label': 'Delete the run for good' } });
    this.element.replaceChildren(
      h('span', { className: 'confirm-text' }, h('strong', { text: 'Delete this run? ' }), `"${title}" (${run.runId.slice(0, 8)}): its trajectory file is removed from this workspace's history. This cannot be undone.`),
      h('span', { className: 'button-row' }, yes, button('Cancel', () => this.answer(false), { className: 'secondary small' })));
    this.element.hidden = false;
    yes.focus();
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  private answer(confirmed: boolean): void {
    this.element.hidden = true;
    const onAnswer = this.onAnswer;
    this.onAnswer = undefined;
    onAnswer?.(confirmed);
  }
}
