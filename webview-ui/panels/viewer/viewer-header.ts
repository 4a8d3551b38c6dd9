// The viewer's header: what ran (task, model, agent, date), how it ended, the run picker for
// files that hold several runs, "go to step" and "open as text".
import type { ViewerHostMessageOf, ViewerPageMessage } from '../../../src/protocol/index';
import { button, h } from '../../dom';
import { endLabel, plural, resultOf, shortDate } from '../format';
import type { PanelPost } from '../panel-api';

export class ViewerHeader {
  readonly element = h('header', { className: 'panel-header viewer-header' });
  private readonly stepInput = h('input', { className: 'step-input', attrs: { 'type': 'number', 'min': '1', 'aria-label': 'Step to go to', 'placeholder': 'step' } });

  constructor(private readonly post: PanelPost<ViewerPageMessage>, private readonly goToStep: (step: number) => void) {
    this.stepInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.go();
    });
  }

  focusStepInput(): void {
    this.stepInput.focus();
    this.stepInput.select();
  }

  render(message: ViewerHostMessageOf<'viewer-show'>): void {
    const { header, outcome } = message.run;
    const title = header.taskText.trim().split('\n')[0] || '(no task text)';
    const result = outcome ? resultOf({ resolved: outcome.resolved, verdict: outcome.verdict, testPassed: outcome.test ? outcome.test.passed : null }) : null;
    const source = header.agent === 'crux' ? 'Crux' : `${header.agent} (${header.sourceFormat})`;
    const meta = [
      `run ${shortId(header.runId)}`, header.model, source, shortDate(header.createdAt), plural(message.totalActions, 'action'),
      ...(header.parent ? [`branch of ${shortId(header.parent.runId)} after step ${header.parent.step}`] : []),
    ].join(' · ');
    const status = outcome
      ? [h('span', { className: `badge end-badge end-${outcome.end}`, text: endLabel(outcome.end) }), h('span', { className: `tone-${result?.tone ?? 'unknown'}`, text: result?.text ?? '' })]
      : [h('span', { className: 'badge end-badge end-none', text: 'no outcome' })];
    const controls = h('div', { className: 'viewer-controls' });
    if (message.runs.length > 1) controls.append(this.runPicker(message));
    this.stepInput.max = String(Math.max(1, message.totalActions));
    controls.append(
      this.stepInput,
      button('Go', () => this.go(), { className: 'secondary small', attrs: { 'aria-label': 'Go to the step' } }),
      button('Open as Text', () => this.post({ type: 'viewer-open-text' }), { className: 'secondary small', attrs: { 'aria-label': 'Open the file in the text editor' } }));
    this.element.replaceChildren(
      h('div', { className: 'panel-title-row' }, h('h1', { className: 'panel-title viewer-title', text: title, attrs: { title: header.taskText } }), ...status, h('span', { className: 'spacer' }), controls),
      h('p', { className: 'muted small viewer-meta', text: meta }),
      h('p', { className: 'muted small viewer-file', text: message.file }),
      ...message.loadErrors.map((error) => h('div', { className: 'notice note note-warning', text: `Part of the file could not be read: ${error}` })));
  }

  private runPicker(message: ViewerHostMessageOf<'viewer-show'>): HTMLSelectElement {
    const select = h('select', { className: 'run-picker', attrs: { 'aria-label': `Run of this file (${message.runs.length})` } });
    for (const run of message.runs) {
      const label = `${run.index + 1}. ${run.title || run.runId} (${plural(run.steps, 'step')}${run.resolved === null ? '' : run.resolved ? ', resolved' : ', not resolved'})`;
      select.append(h('option', { text: label, attrs: { value: String(run.index), selected: run.index === message.selected } }));
    }
    select.addEventListener('change', () => this.post({ type: 'viewer-select-run', index: Number(select.value) }));
    return select;
  }

  private go(): void {
    const step = Number(this.stepInput.value);
    if (Number.isSafeInteger(step) && step > 0) this.goToStep(step);
  }
}

/** UUIDs by their first 8 digits (as git shows commits); other ids whole. */
function shortId(runId: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(runId) ? runId.slice(0, 8) : runId;
}
