// The selected node: its action as a run took it (text and tool calls), its numbers, the
// significant comparisons when it is a key action, and the runs through it, each of which
// opens in the viewer at this step.
import type { TreeNodeDetail, TreePageMessage } from '../../../src/protocol/index';
import { button, h } from '../../dom';
import { plural, rate } from '../format';
import type { PanelPost } from '../panel-api';

export class NodeDetail {
  readonly element = h('aside', { className: 'node-detail', attrs: { 'aria-label': 'Selected node', 'aria-live': 'polite' } },
    h('p', { className: 'muted', text: 'Select a node (click it, or use the arrow keys and Enter) to see its action and the runs through it.' }));

  constructor(private readonly post: PanelPost<TreePageMessage>) {}

  show(detail: TreeNodeDetail): void {
    const title = detail.step === 0 ? 'The task (root)' : `Step ${detail.step}: ${detail.label}`;
    const parts: Node[] = [
      h('h2', { className: 'detail-title', text: title }),
      h('p', { className: 'detail-stats' },
        h('span', { text: `${plural(detail.visits, 'run')} · ${detail.successes} resolved · value ${rate(detail.value)} ` }),
        h('span', { className: 'muted', text: `[${rate(detail.low)}, ${rate(detail.high)}]` }),
        ...(detail.key ? [h('span', { className: 'badge badge-key', text: '★ key action' })] : [])),
    ];
    if (detail.comparisons.length > 0) {
      parts.push(h('h3', { text: 'Significant differences between its next actions' }), h('ul', { className: 'detail-comparisons' },
        ...detail.comparisons.map((comparison) => h('li', { text: `${comparison.better}  beats  ${comparison.worse}  (gap ${rate(comparison.gap)})` }))));
    }
    if (detail.action) {
      parts.push(h('h3', { text: `The action (as run ${detail.action.runId.slice(0, 8)} took it)` }));
      if (detail.action.text.trim() !== '') parts.push(h('div', { className: 'model-text', text: detail.action.text }));
      for (const call of detail.action.calls) {
        parts.push(h('div', { className: 'detail-call' }, h('span', { className: 'tool-name', text: call.name }), h('pre', { text: call.argumentsText })));
      }
      if (detail.action.calls.length === 0) parts.push(h('p', { className: 'muted', text: 'No tool call: a reply without one.' }));
      parts.push(h('details', { className: 'detail-canonical' }, h('summary', { text: 'As compared (canonical form)' }), h('pre', { text: detail.canonical })));
    }
    parts.push(h('h3', { text: 'Runs through this node' }), h('ul', { className: 'detail-runs' }, ...detail.runs.map((run) => {
      const mark = run.resolved === true ? '✓' : run.resolved === false ? '✗' : '?';
      const tone = run.resolved === true ? 'good' : run.resolved === false ? 'bad' : 'unknown';
      const step = Math.max(detail.step, 1);
      return h('li', { className: 'detail-run' },
        h('span', { className: `run-mark tone-${tone}`, text: mark, attrs: { 'aria-label': run.resolved === true ? 'resolved' : run.resolved === false ? 'not resolved' : 'unlabelled' } }),
        h('code', { text: run.runId.slice(0, 8), attrs: { title: run.runId } }),
        h('span', { className: 'muted', text: plural(run.steps, 'step') }),
        button(`Open at step ${step}`, () => this.post({ type: 'tree-open-run', runId: run.runId, step }), {
          className: 'secondary small', attrs: { 'aria-label': `Open run ${run.runId.slice(0, 8)} in the viewer at step ${step}` },
        }));
    })));
    if (detail.moreRuns > 0) parts.push(h('p', { className: 'muted', text: `… and ${plural(detail.moreRuns, 'more run')}` }));
    this.element.replaceChildren(...parts);
  }
}
