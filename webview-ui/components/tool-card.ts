// One tool call: what was called and why it was allowed, live output while it runs, then
// its result with exit code and duration, and the diff when it edited a file.
import type { ToolApprovalMessage, ToolCallMessage, ToolResultMessage } from '../../src/protocol/index';
import { formatDuration, h } from '../dom';
import type { Post } from '../vscode-api';
import { DiffView } from './diff-view';

/** Live output kept in the card; older output is cut (the result holds what the model saw). */
const MAX_LIVE_CHARS = 50_000;

type CardStatus = 'running' | 'waiting' | 'ok' | 'failed' | 'denied' | 'invalid' | 'not-run';

export class ToolCard {
  readonly element: HTMLElement;
  private readonly status = h('span', { className: 'badge' });
  private readonly approval = h('div', { className: 'tool-approval muted', attrs: { hidden: true } });
  private readonly output = h('pre', { className: 'tool-output', attrs: { 'hidden': true, 'aria-label': 'Live output', 'tabindex': '0' } });
  private readonly edits = h('div', { className: 'tool-edits' });
  private readonly result = h('div', { className: 'tool-result', attrs: { hidden: true } });
  private readonly prompts = h('div', { className: 'tool-prompts' });
  /** Restore / retry buttons, shown once the run has ended (see run-section.ts). */
  private readonly actions = h('div', { className: 'card-actions button-row' });
  private liveChars = 0;

  constructor(readonly call: ToolCallMessage, private readonly post: Post) {
    const header = h('header', { className: 'tool-header' },
      h('span', { className: 'tool-name', text: call.name }),
      h('span', { className: 'tool-title', text: call.title || call.name }),
      this.status);
    const args = h('details', { className: 'tool-args' }, h('summary', { text: 'Arguments' }), h('pre', { text: prettyJson(call.argumentsText) }));
    this.element = h('article', {
      className: `tool-card risk-${call.risk}`,
      attrs: { 'data-call-id': call.callId, 'aria-label': `Tool call ${call.name}: ${call.title}` },
    }, header, args, this.prompts, this.approval, this.output, this.edits, this.result, this.actions);
    this.element.dataset.step = String(call.step);
    if (call.invalidReason !== null) {
      this.setStatus('invalid');
      this.element.append(h('p', { className: 'tool-invalid', text: call.invalidReason }));
    } else {
      this.setStatus('running');
    }
  }

  /** True while the call has neither run nor been refused: an approval question asked now
   * is about this call. */
  get isPending(): boolean {
    return this.status.dataset.status === 'running' && this.result.hidden;
  }

  /** Shows an approval question inside the card it is about. */
  attachPrompt(prompt: HTMLElement): void {
    this.prompts.append(prompt);
    this.setStatus('waiting');
  }

  addAction(action: HTMLElement, first = false): void {
    if (first) this.actions.prepend(action);
    else this.actions.append(action);
  }

  /** The run ended before this call ran (stopped, or the window was reloaded while it waited). */
  runEnded(): void {
    if ((this.status.dataset.status === 'running' || this.status.dataset.status === 'waiting') && this.result.hidden) this.setStatus('not-run');
  }

  /** A rollback undid this call: it stays in the record, greyed, without actions. */
  markUndone(): void {
    this.element.classList.add('undone');
    this.actions.replaceChildren(h('span', { className: 'muted small', text: 'Undone by a rollback' }));
  }

  setApproval(message: ToolApprovalMessage): void {
    if (this.status.dataset.status === 'waiting') this.setStatus(message.approved ? 'running' : 'denied');
    // Calls the settings let through need no line; asked or refused ones do, unless the
    // answered question in this card already says it.
    if (message.decidedBy === 'policy' && message.approved) return;
    if (message.decidedBy === 'user' && this.prompts.childElementCount > 0) return;
    const who = message.decidedBy === 'user' ? 'you' : 'the settings';
    const what = message.approved ? `Approved by ${who}` : `Denied by ${who}`;
    this.approval.textContent = message.reason ? `${what}: ${message.reason}` : what;
    this.approval.hidden = false;
    if (!message.approved) this.setStatus('denied');
  }

  appendOutput(chunk: string): void {
    this.output.hidden = false;
    this.output.append(chunk);
    this.liveChars += chunk.length;
    if (this.liveChars > MAX_LIVE_CHARS) {
      const text = (this.output.textContent ?? '').slice(-MAX_LIVE_CHARS / 2);
      this.output.textContent = `…\n${text}`;
      this.liveChars = text.length;
    }
    this.output.scrollTop = this.output.scrollHeight;
  }

  addEdit(path: string, diff: string): void {
    this.edits.append(new DiffView(path, diff, this.post).element);
  }

  setResult(message: ToolResultMessage): void {
    if (this.status.dataset.status !== 'denied') this.setStatus(message.isError ? 'failed' : 'ok');
    const facts = [
      message.exitCode !== null ? `exit ${message.exitCode}` : '',
      formatDuration(message.durationMs),
      message.truncated ? 'output truncated' : '',
    ].filter((fact) => fact !== '');
    const summary = h('summary', {}, h('span', { text: message.isError ? 'Result (error)' : 'Result' }), h('span', { className: 'muted', text: ` · ${facts.join(' · ')}` }));
    const details = h('details', { className: 'tool-result-details' }, summary, h('pre', { text: message.output, attrs: { tabindex: '0' } }));
    // Errors are opened: that is what the user wants to read.
    details.open = message.isError;
    this.result.replaceChildren(details);
    this.result.hidden = false;
  }

  private setStatus(status: CardStatus): void {
    this.status.dataset.status = status;
    this.status.className = `badge badge-${status}`;
    this.status.textContent = { running: 'running…', waiting: 'needs approval', ok: 'done', failed: 'failed', denied: 'denied', invalid: 'invalid', 'not-run': 'not run' }[status];
    this.element.setAttribute('data-status', status);
  }
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
