// One run of the history as a row: task, model, how it ended, its result, steps, date, and
// the buttons for its tree and for deleting it (the keyboard does the same from the list).
import type { HistoryRun } from '../../../src/protocol/index';
import { button, h } from '../../dom';
import { endLabel, resultOf, shortDate } from '../format';

/** Every row has this height, so the list needs no measuring. */
export const ROW_HEIGHT = 30;

export interface RowActions {
  open(): void;
  tree(): void;
  remove(): void;
  /** Continue an interrupted run (offered only for one). */
  resume(): void;
  /** Show a Crux run as a chat in the agent view. */
  chat(): void;
}

export function historyRow(run: HistoryRun, index: number, actions: RowActions): HTMLElement {
  const title = run.title.trim() === '' ? '(no task text)' : run.title;
  const open = button(title, actions.open, { className: 'link-button history-title', attrs: { 'tabindex': '-1', 'title': `${title}\n${run.runId}`, 'aria-label': `Open the run ${title}` } });
  const extra = [run.agent !== 'crux' ? `imported from ${run.agent}` : '', run.branchOf ? `branch of ${run.branchOf.slice(0, 8)}` : '']
    .filter((part) => part !== '').join(' · ');
  const result = resultOf(run);
  const cell = (className: string, ...children: (Node | string)[]) => h('span', { className: `history-cell ${className}`, attrs: { role: 'cell' } }, ...children);
  return h('div', {
    className: 'history-grid history-row',
    attrs: { 'role': 'row', 'id': `history-row-${index}`, 'aria-rowindex': String(index + 2), 'data-run-id': run.runId },
  },
  cell('history-task', open, ...(extra ? [h('span', { className: 'muted small history-extra', text: extra })] : [])),
  cell('history-model', run.model),
  cell(`history-end end-${run.interrupted ? 'interrupted' : run.end ?? 'none'}`, run.interrupted ? 'interrupted' : endLabel(run.end)),
  cell(`history-result tone-${result.tone}`, result.text),
  cell('history-steps', run.steps === null ? '–' : String(run.steps)),
  cell('history-date', h('time', { text: shortDate(run.createdAt), attrs: { datetime: run.createdAt } })),
  cell('history-actions',
    ...(run.interrupted ? [button('Resume', actions.resume, { className: 'small', attrs: { 'tabindex': '-1', 'aria-label': `Resume the interrupted run ${title}` } })]
      : run.agent === 'crux' ? [button('Chat', actions.chat, { className: 'secondary small', attrs: { 'tabindex': '-1', 'aria-label': `Continue the run ${title} as a chat` } })] : []),
    button('Tree', actions.tree, { className: 'secondary small', attrs: { 'tabindex': '-1', 'aria-label': `Show the trajectory tree of this run's task` } }),
    button('Delete', actions.remove, { className: 'secondary small', attrs: { 'tabindex': '-1', 'aria-label': `Delete the run ${title}` } })));
}
