// One run in the transcript: the task, then model text, tool cards, approvals and notices
// in the order they happened. Entries are found again by step or call id.
import type { ApprovalRequestMessage, EditMessage, RunStartedMessage, ToolCallMessage } from '../../src/protocol/index';
import { h } from '../dom';
import type { Post } from '../vscode-api';
import { ApprovalPrompt } from './approval-prompt';
import { DiffView } from './diff-view';
import { StepText } from './step-text';
import { ToolCard } from './tool-card';

export class RunSection {
  readonly element: HTMLElement;
  private readonly body = h('div', { className: 'run-body' });
  private readonly cards = new Map<string, ToolCard>();
  private readonly prompts = new Map<string, ApprovalPrompt>();
  private currentText: StepText | undefined;
  private lastCard: ToolCard | undefined;

  constructor(started: RunStartedMessage | undefined, private readonly post: Post) {
    const header = started
      ? h('header', { className: 'run-header' },
        h('div', { className: 'run-task', text: started.task }),
        h('div', { className: 'muted small', text: `${started.model} · ${started.toolFormat} tool calls · up to ${started.maxSteps} steps` }))
      : h('header', { className: 'run-header muted', text: 'Run' });
    this.element = h('section', { className: 'run', attrs: { 'aria-label': started ? `Run: ${started.task}` : 'Run' } }, header, this.body);
  }

  add(entry: HTMLElement): void {
    this.body.append(entry);
    this.currentText = undefined;
  }

  appendText(step: number, kind: 'content' | 'reasoning', text: string): void {
    // A step's text continues until something else (a tool card) is shown after it.
    if (!this.currentText || this.currentText.step !== step) {
      this.currentText = new StepText(step);
      this.body.append(this.currentText.element);
    }
    this.currentText.append(kind, text);
  }

  addToolCall(call: ToolCallMessage): void {
    const card = new ToolCard(call, this.post);
    this.cards.set(call.callId, card);
    this.add(card.element);
    this.lastCard = card;
  }

  card(callId: string): ToolCard | undefined {
    return this.cards.get(callId);
  }

  addEdit(message: EditMessage): void {
    const card = this.cards.get(message.callId);
    if (card) card.addEdit(message.path, message.diff);
    else this.add(new DiffView(message.path, message.diff, this.post).element);
  }

  addApproval(request: ApprovalRequestMessage): ApprovalPrompt {
    const prompt = new ApprovalPrompt(request, this.post);
    this.prompts.set(request.requestId, prompt);
    // The agent asks right after announcing the call, so the question belongs in the card
    // of the latest call that has not run yet; standalone only if there is none.
    if (this.lastCard?.isPending) this.lastCard.attachPrompt(prompt.element);
    else this.add(prompt.element);
    return prompt;
  }

  prompt(requestId: string): ApprovalPrompt | undefined {
    return this.prompts.get(requestId);
  }

  /** The run ended: any question still open can no longer be answered. */
  closePrompts(): void {
    for (const prompt of this.prompts.values()) prompt.close('cancelled');
  }
}
