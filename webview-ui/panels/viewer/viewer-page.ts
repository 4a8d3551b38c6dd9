// The trajectory viewer: a header, then the run as a virtualised list (the task, one row per
// action, the outcome). Only the rows in view are in the document, so a run of thousands of
// steps opens as fast as a short one. Keys on the list: arrows go to the previous or next
// step, Home and End to the task and the outcome, G to "go to step".
import type { ViewerAction, ViewerHostMessage, ViewerHostMessageOf, ViewerPageMessage, ViewerRun } from '../../../src/protocol/index';
import { h } from '../../dom';
import { ErrorNotice } from '../panel-dom';
import type { PanelPost } from '../panel-api';
import { VirtualList } from '../virtual-list';
import { actionRow, loadingRow, outcomeRow, taskRow } from './action-row';
import { OpenState } from './open-state';
import { estimateAction, estimateText } from './row-estimate';
import { ViewerHeader } from './viewer-header';

/** The performance mark set once the first rows of a run are on screen (bench/extension.ts). */
export const PAINTED_MARK = 'crux-viewer-painted';
const FLASH_MS = 1500;

export class ViewerPage {
  private readonly header: ViewerHeader;
  private readonly list = new VirtualList('Steps of the run: arrows go to the previous or next step, G goes to a step', 'viewer-list');
  private readonly open = new OpenState();
  private readonly errors = new ErrorNotice();
  private readonly empty = h('div', { className: 'viewer-empty', attrs: { hidden: true } });
  private run: ViewerRun | undefined;
  /** The run's actions by position; those not arrived yet are missing. */
  private actions: (ViewerAction | undefined)[] = [];
  private arrived = 0;
  /** A step asked for before its action arrived. */
  private pendingReveal: number | null = null;
  private painted = false;

  constructor(root: HTMLElement, post: PanelPost<ViewerPageMessage>) {
    this.header = new ViewerHeader(post, (step) => this.reveal(step));
    this.list.element.setAttribute('role', 'feed');
    root.append(this.header.element, this.errors.element, this.empty, this.list.element);
    this.list.element.addEventListener('keydown', (event) => this.onKey(event));
  }

  handle(message: ViewerHostMessage): void {
    switch (message.type) {
      case 'viewer-show':
        this.show(message);
        break;
      case 'viewer-empty':
        this.run = undefined;
        this.empty.replaceChildren(h('h1', { className: 'panel-title', text: 'No run to show' }), h('p', { className: 'muted', text: message.file }), h('pre', { text: message.reason }));
        this.empty.hidden = false;
        this.list.setSource({ count: 0, estimate: () => 0, render: () => h('div') });
        break;
      case 'viewer-actions':
        this.more(message);
        break;
      case 'viewer-reveal':
        this.reveal(message.step);
        break;
      case 'panel-error':
        this.errors.show(message.message);
        break;
    }
  }

  private show(message: ViewerHostMessageOf<'viewer-show'>): void {
    if (!this.painted) performance.mark('crux-viewer-data');
    const run = message.run;
    const changed = run.header.runId !== this.run?.header.runId;
    this.run = run;
    this.errors.clear();
    this.empty.hidden = true;
    this.header.render(message);
    if (changed) this.open.clear();
    this.actions = new Array<ViewerAction | undefined>(message.totalActions);
    run.actions.forEach((action, index) => (this.actions[index] = action));
    this.arrived = run.actions.length;
    this.pendingReveal = null;
    const count = message.totalActions + 2;
    const known = run.actions.map(estimateAction);
    // Until an action arrives its row is guessed at the average of those that did.
    const typical = known.length > 0 ? known.reduce((sum, height) => sum + height, 0) / known.length : 120;
    this.list.setSource({
      count,
      estimate: (index) => {
        if (index === 0) return estimateText(run.header.taskText);
        if (index === count - 1) return 200;
        const action = this.actions[index - 1];
        return action ? estimateAction(action) : typical;
      },
      render: (index) => {
        if (index === 0) return taskRow(run, this.open);
        if (index === count - 1) return outcomeRow(run.outcome, run.problems, this.open);
        const action = this.actions[index - 1];
        return action ? actionRow(action, this.open) : loadingRow(index);
      },
    });
    if (message.revealStep !== null) this.reveal(message.revealStep);
    if (!this.painted) {
      this.painted = true;
      // After the frame that draws the rows: rAF runs before the paint, the task after it.
      requestAnimationFrame(() => setTimeout(() => performance.mark(PAINTED_MARK, { detail: { actions: message.totalActions } }), 0));
    }
  }

  /** Actions that arrived after the first ones. */
  private more(message: ViewerHostMessageOf<'viewer-actions'>): void {
    if (message.runId !== this.run?.header.runId || message.start !== this.arrived) return;
    message.actions.forEach((action, offset) => (this.actions[message.start + offset] = action));
    this.arrived += message.actions.length;
    this.list.updateRows(message.start + 1, message.start + message.actions.length);
    if (this.pendingReveal !== null) this.reveal(this.pendingReveal);
  }

  /** Scrolls a step to the top and marks it for a moment (once its action arrived). */
  private reveal(step: number): void {
    const index = this.actions.findIndex((action) => action?.step === step);
    if (index < 0) {
      // Not arrived yet, or no such step: try again as actions arrive.
      this.pendingReveal = this.arrived < this.actions.length ? step : null;
      return;
    }
    this.pendingReveal = null;
    this.list.scrollToIndex(index + 1, 'start');
    const row = this.list.rowAt(index + 1);
    row?.classList.add('revealed');
    setTimeout(() => row?.classList.remove('revealed'), FLASH_MS);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.target !== this.list.element) return;
    const first = this.list.firstVisible();
    const row = this.list.rowAt(first);
    // A row scrolled partly out at the top counts as the current one for "previous".
    const partly = row ? row.getBoundingClientRect().top < this.list.element.getBoundingClientRect().top - 2 : false;
    const last = this.actions.length + 1;
    let target: number | undefined;
    if (event.key === 'ArrowDown' || event.key === 'j') target = Math.min(last, first + 1);
    else if (event.key === 'ArrowUp' || event.key === 'k') target = partly ? first : Math.max(0, first - 1);
    else if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = last;
    else if (event.key === 'g' || event.key === 'G') {
      event.preventDefault();
      this.header.focusStepInput();
      return;
    }
    if (target === undefined) return;
    event.preventDefault();
    this.list.scrollToIndex(target, 'start');
  }
}
