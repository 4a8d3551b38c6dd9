// The run history: every recorded run of the workspace, newest first, one line each. The list
// is virtualised (thousands of runs stay cheap) and works from the keyboard: arrows move,
// Enter opens the run, T shows its task's tree, Delete deletes it (once confirmed above the
// list), C continues a Crux run as a chat in the agent view, R resumes an interrupted run.
import type { HistoryHostMessage, HistoryPageMessage, HistoryRun } from '../../../src/protocol/index';
import { button, h } from '../../dom';
import { matchesFilter, plural } from '../format';
import { ErrorNotice } from '../panel-dom';
import type { PanelPost } from '../panel-api';
import { VirtualList } from '../virtual-list';
import { ConfirmDelete } from './confirm-delete';
import { historyRow, ROW_HEIGHT } from './history-row';

const COLUMNS = ['Task', 'Model', 'Ended', 'Result', 'Steps', 'Date', ''];

export class HistoryPage {
  private runs: HistoryRun[] = [];
  private shown: HistoryRun[] = [];
  private active = 0;
  private readonly list = new VirtualList('Recorded runs', 'history-list');
  private readonly count = h('span', { className: 'muted history-count' });
  private readonly storeDir = h('p', { className: 'muted small history-store' });
  private readonly filter = h('input', { className: 'filter-input', attrs: { 'type': 'search', 'placeholder': 'Filter by task, model, agent, outcome', 'aria-label': 'Filter runs' } });
  private readonly empty = h('p', { className: 'muted history-empty', attrs: { hidden: true } });
  private readonly errors = new ErrorNotice();
  private readonly confirm = new ConfirmDelete();

  constructor(root: HTMLElement, private readonly post: PanelPost<HistoryPageMessage>) {
    const refresh = button('Refresh', () => post({ type: 'history-refresh' }), { className: 'secondary small', attrs: { 'aria-label': 'List the runs again' } });
    const header = h('header', { className: 'panel-header' },
      h('div', { className: 'panel-title-row' }, h('h1', { className: 'panel-title', text: 'Run history' }), this.count, h('span', { className: 'spacer' }), this.filter, refresh),
      this.storeDir);
    const head = h('div', { className: 'history-grid history-head', attrs: { role: 'row' } },
      ...COLUMNS.map((name) => h('span', { className: 'history-cell', text: name, attrs: { role: 'columnheader' } })));
    this.list.element.setAttribute('role', 'table');
    this.list.element.setAttribute('aria-label', 'Recorded runs: arrows move, Enter opens, T shows the tree, Delete deletes, C continues as a chat, R resumes an interrupted run');
    const table = h('div', { className: 'history-table' }, head, this.list.element);
    root.append(header, this.errors.element, this.confirm.element, this.empty, table);
    this.filter.addEventListener('input', () => this.applyFilter());
    this.list.element.addEventListener('keydown', (event) => this.onKey(event));
    this.list.element.addEventListener('focus', () => this.markActive());
  }

  handle(message: HistoryHostMessage): void {
    if (message.type === 'panel-error') {
      this.errors.show(message.message);
      return;
    }
    this.errors.clear();
    this.runs = message.runs;
    this.storeDir.textContent = `Stored in ${message.storeDir}`;
    this.applyFilter();
  }

  private applyFilter(): void {
    const filter = this.filter.value;
    const activeId = this.shown[this.active]?.runId;
    this.shown = this.runs.filter((run) => matchesFilter(run, filter));
    const kept = this.shown.findIndex((run) => run.runId === activeId);
    this.active = kept >= 0 ? kept : 0;
    this.count.textContent = this.shown.length === this.runs.length ? plural(this.runs.length, 'run') : `${this.shown.length} of ${plural(this.runs.length, 'run')}`;
    this.empty.hidden = this.shown.length > 0;
    this.empty.textContent = this.runs.length === 0
      ? 'No runs in this workspace yet. Runs the agent makes are recorded here when recording is on; runs of other agents can be added with "Crux: Import Runs".'
      : 'No run matches the filter.';
    this.list.element.setAttribute('aria-rowcount', String(this.shown.length + 1));
    this.list.setSource({
      count: this.shown.length,
      estimate: () => ROW_HEIGHT,
      render: (index) => this.renderRow(index),
    });
  }

  private renderRow(index: number): HTMLElement {
    const run = this.shown[index] as HistoryRun;
    const row = historyRow(run, index, {
      open: () => this.post({ type: 'history-open-run', runId: run.runId }),
      tree: () => this.post({ type: 'history-open-tree', runId: run.runId }),
      remove: () => this.askDelete(run),
      resume: () => this.post({ type: 'history-resume-run', runId: run.runId }),
      chat: () => this.post({ type: 'history-open-chat', runId: run.runId }),
    });
    row.classList.toggle('active', index === this.active);
    row.addEventListener('click', () => {
      this.setActive(index, false);
      // The keys work on the list; a click anywhere in a row puts them there.
      this.list.element.focus({ preventScroll: true });
    });
    return row;
  }

  private onKey(event: KeyboardEvent): void {
    if (event.target !== this.list.element || this.shown.length === 0) return;
    const run = this.shown[this.active];
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
    if (event.key in moves) {
      this.setActive(Math.max(0, Math.min(this.shown.length - 1, this.active + (moves[event.key] as number))), true);
    } else if (event.key === 'Home' || event.key === 'End') {
      this.setActive(event.key === 'Home' ? 0 : this.shown.length - 1, true);
    } else if (event.key === 'Enter' && run) {
      this.post({ type: 'history-open-run', runId: run.runId });
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && run) {
      this.askDelete(run);
    } else if (event.key.toLowerCase() === 't' && run) {
      this.post({ type: 'history-open-tree', runId: run.runId });
    } else if (event.key.toLowerCase() === 'r' && run?.interrupted) {
      this.post({ type: 'history-resume-run', runId: run.runId });
    } else if (event.key.toLowerCase() === 'c' && run?.agent === 'crux') {
      this.post({ type: 'history-open-chat', runId: run.runId });
    } else {
      return;
    }
    event.preventDefault();
  }

  private askDelete(run: HistoryRun): void {
    this.confirm.ask(run, (confirmed) => {
      if (confirmed) this.post({ type: 'history-delete-run', runId: run.runId });
      this.list.element.focus({ preventScroll: true });
    });
  }

  private setActive(index: number, scroll: boolean): void {
    this.list.rowAt(this.active)?.classList.remove('active');
    this.active = index;
    if (scroll) this.list.scrollToIndex(index, 'center');
    this.markActive();
  }

  private markActive(): void {
    const row = this.list.rowAt(this.active);
    row?.classList.add('active');
    if (row) this.list.element.setAttribute('aria-activedescendant', row.id);
  }
}
