// The rows of the viewer: the task (with anything before the first action), one row per
// action (its text, reasoning, calls and notes), and the outcome.
import type { ViewerAction, ViewerNote, ViewerOutcome, ViewerRun } from '../../../src/protocol/index';
import { formatDuration, h } from '../../dom';
import { diffLines } from '../../components/diff-view';
import { renderMarkdown, type CodeBlockActions } from '../../markdown';
import { endLabel, plural, resultOf } from '../format';
import { callView } from './call-view';
import type { OpenState } from './open-state';

export function taskRow(run: ViewerRun, open: OpenState): HTMLElement {
  const text = run.header.taskText;
  const long = text.split('\n').length > 12 || text.length > 1500;
  const body = h('div', { className: 'run-task task-text', text });
  const parts: Node[] = [h('h2', { className: 'row-title', text: 'Task' }), long ? open.details('task', false, 'task-details', [h('span', { text: text.split('\n')[0] ?? '' })], body) : body];
  for (const note of run.preamble) parts.push(noteView(note));
  return h('section', { className: 'viewer-row task-row', attrs: { 'aria-label': 'Task' } }, ...parts);
}

export function actionRow(action: ViewerAction, open: OpenState): HTMLElement {
  const key = `s${action.step}`;
  const facts = [
    action.tokens !== null ? plural(action.tokens, 'token') : '',
    action.latencyMs !== null ? formatDuration(action.latencyMs) : '',
    action.finishReason !== 'tool_calls' && action.finishReason !== 'stop' ? `finish: ${action.finishReason}` : '',
  ].filter((fact) => fact !== '');
  const names = action.calls.map((call) => call.name).join(', ');
  const head = h('header', { className: 'action-head' },
    h('span', { className: 'step-number', text: `#${action.step}` }),
    h('span', { className: 'action-tools', text: names || 'no tool call' }),
    h('span', { className: 'muted small action-facts', text: facts.join(' · ') }));
  const parts: Node[] = [head];
  if (action.reasoning.trim() !== '') {
    parts.push(open.details(`${key}:reasoning`, false, 'reasoning', [h('span', { text: 'Reasoning' })], h('div', { className: 'reasoning-text', text: action.reasoning })));
  }
  if (action.text.trim() !== '') parts.push(markdownBlock('model-text', action.text));
  action.calls.forEach((call, index) => parts.push(callView(call, `${key}:c${index}`, open)));
  for (const note of action.notes) parts.push(noteView(note));
  const warned = action.notes.some((note) => note.kind === 'warning');
  return h('article', {
    className: `viewer-row action-row${warned ? ' has-warning' : ''}`,
    attrs: { 'data-step': String(action.step), 'aria-label': `Step ${action.step}: ${names || 'no tool call'}` },
  }, ...parts);
}

/** A row whose action has not arrived yet (it does within moments). */
export function loadingRow(index: number): HTMLElement {
  return h('article', { className: 'viewer-row action-row loading', attrs: { 'aria-busy': 'true' } },
    h('header', { className: 'action-head' }, h('span', { className: 'step-number', text: `#${index}` }), h('span', { className: 'muted', text: 'loading…' })));
}

function noteView(note: ViewerNote): HTMLElement {
  return h('div', { className: `notice note note-${note.kind}`, attrs: { role: note.kind === 'warning' || note.kind === 'error' ? 'note' : undefined } },
    h('strong', { className: 'note-title', text: note.title }), h('span', { className: 'note-text', text: note.text }));
}

export function outcomeRow(outcome: ViewerOutcome | null, problems: readonly string[], open: OpenState): HTMLElement {
  const parts: Node[] = [h('h2', { className: 'row-title', text: 'Outcome' })];
  if (!outcome) {
    parts.push(h('p', { className: 'muted', text: 'No outcome recorded: the run did not end cleanly (killed, or still running).' }));
  } else {
    const result = resultOf({ resolved: outcome.resolved, verdict: outcome.verdict, testPassed: outcome.test ? outcome.test.passed : null });
    parts.push(
      h('p', { className: `outcome-line reason-${outcome.end}` },
        h('span', { className: `badge end-badge end-${outcome.end}`, text: endLabel(outcome.end) }),
        h('span', { className: `outcome-result tone-${result.tone}`, text: result.text }),
        h('span', { className: 'muted', text: ` · ${plural(outcome.steps, 'step')} · ${plural(outcome.totalTokens, 'token')} · ${plural(outcome.invalidToolCalls, 'invalid call')}` })),
      h('p', { className: 'outcome-message', text: outcome.message }));
    if (outcome.summary) parts.push(markdownBlock('outcome-summary', outcome.summary));
    if (outcome.test) {
      const test = outcome.test;
      const title = `Tests: ${test.command} · ${test.passed ? 'passed' : test.timedOut ? 'timed out' : `failed (exit ${test.exitCode ?? '?'})`}`;
      parts.push(open.details('outcome:test', !test.passed, 'outcome-test', [h('span', { text: title })], h('pre', { text: test.outputTail })));
    }
    const patch = outcome.patch.trim() === '' ? h('p', { className: 'muted', text: outcome.emptyPatch ? 'The final patch is empty.' : 'No final patch recorded.' }) : diffLines(outcome.patch);
    parts.push(open.details('outcome:patch', false, 'outcome-patch', [h('span', { text: 'Final patch' })], patch));
  }
  for (const problem of problems) parts.push(h('div', { className: 'notice note note-warning', text: `Reading the file: ${problem}` }));
  return h('section', { className: 'viewer-row outcome-row', attrs: { 'aria-label': 'Outcome' } }, ...parts);
}

/** The viewer copies through the page's clipboard (webviews may write it); there is no editor
 * cursor to insert at from a stored run. */
const VIEWER_CODE_ACTIONS: CodeBlockActions = {
  copy: (code) => void navigator.clipboard.writeText(code).catch(() => undefined),
};

function markdownBlock(className: string, source: string): HTMLElement {
  const element = h('div', { className });
  renderMarkdown(element, source, VIEWER_CODE_ACTIONS);
  return element;
}
