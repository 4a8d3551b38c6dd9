// The last line of a run: how it ended, and the agent's summary (markdown) when it gave one.
// The words match the CLI and the trajectory format: a stopped run is "aborted".
import type { RunFinishedMessage } from '../../src/protocol/index';
import { button, h } from '../dom';
import { renderMarkdown, type CodeBlockActions } from '../markdown';

const HEADLINE: Record<RunFinishedMessage['reason'], string> = {
  'finished': '✓ Finished',
  'step-limit': '⚠ Stopped at the step limit',
  'aborted': '■ Aborted',
  'error': '✗ Failed',
};

export function runFinishedLine(message: RunFinishedMessage, actions: CodeBlockActions): HTMLElement {
  const steps = message.steps === 1 ? '1 step' : `${message.steps} steps`;
  const element = h('section', { className: `run-finished reason-${message.reason}`, attrs: { 'role': 'status', 'aria-label': 'Run finished' } },
    h('div', {}, h('strong', { text: HEADLINE[message.reason] }), h('span', { className: 'muted', text: ` after ${steps}` })));
  if (message.message && message.message !== message.summary) element.append(h('p', { className: 'run-message', text: message.message }));
  if (message.summary) {
    const summary = h('div', { className: 'run-summary' });
    renderMarkdown(summary, message.summary, actions);
    element.append(summary);
  }
  return element;
}

/** The last line of a run that never ended (the window was reloaded or closed mid-run): Resume
 * continues it where it stopped. */
export function runInterruptedLine(onResume: () => void): HTMLElement {
  const resume = button('Resume', () => {
    resume.disabled = true;
    onResume();
  }, { attrs: { 'aria-label': 'Resume the interrupted run' } });
  return h('section', { className: 'run-finished reason-interrupted', attrs: { 'role': 'status', 'aria-label': 'Run interrupted' } },
    h('div', {}, h('strong', { text: '⚠ Interrupted:' }), h('span', { className: 'muted', text: ' the window was reloaded or closed before this run ended.' })),
    h('div', { className: 'run-actions' }, resume));
}
