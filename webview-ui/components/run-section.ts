// One run in the transcript: the task, then model text, tool cards, approvals and notices
// in the order they happened. Entries are found again by step or call id.
import { FirstTokenWait } from './first-token-wait';
import type {
  ApprovalRequestMessage, CheckpointMessage, EditMessage, LoopRecoveryTakenMessage, LoopWarningMessage, RunInfoMessage, RunStartedMessage,
  ToolCallMessage, Verdict,
} from '../../src/protocol/index';
import { h } from '../dom';
import type { CodeBlockActions } from '../markdown';
import type { Post } from '../vscode-api';
import { ApprovalPrompt } from './approval-prompt';
import { DiffView } from './diff-view';
import { LoopBanner } from './loop-banner';
import { restoreButton, retryButton, runInfoLine, VerdictButtons } from './run-extras';
import { StepText } from './step-text';
import { ToolCard } from './tool-card';

/** A code block's Copy and Insert, done by the extension (the clipboard, the active editor). */
export function codeActions(post: Post): CodeBlockActions {
  return {
    copy: (code) => post({ type: 'code-action', action: 'copy', code }),
    insert: (code) => post({ type: 'code-action', action: 'insert', code }),
  };
}

/** How long a step the user jumped to stays highlighted. */
const HIGHLIGHT_MS = 1500;

export class RunSection {
  readonly element: HTMLElement;
  private readonly body = h('div', { className: 'run-body' });
  private readonly cards = new Map<string, ToolCard>();
  private readonly prompts = new Map<string, ApprovalPrompt>();
  private currentText: StepText | undefined;
  private wait: FirstTokenWait | undefined;
  private lastCard: ToolCard | undefined;
  private readonly banners = new Map<string, LoopBanner>();
  /** Steps that already offer "Retry from here" (on their first card). */
  private readonly retrySteps = new Set<number>();
  private info: RunInfoMessage | undefined;
  private verdict: VerdictButtons | undefined;
  readonly runId: string | undefined;

  /** `retry`: whether "Retry from here" is offered (a run this window no longer holds cannot). */
  constructor(started: RunStartedMessage | undefined, private readonly post: Post, private readonly retry = true) {
    this.runId = started?.runId;
    const header = started
      ? h('header', { className: 'run-header' },
        h('div', { className: 'run-task', text: started.task }),
        h('div', { className: 'muted small', text: `${started.model} · ${started.toolFormat} tool calls · up to ${started.maxSteps} steps` }))
      : h('header', { className: 'run-header muted', text: 'Run' });
    this.element = h('section', { className: 'run', attrs: { 'aria-label': started ? `Run: ${started.task}` : 'Run' } }, header, this.body);
  }

  add(entry: HTMLElement): void {
    this.stopWaiting();
    this.body.append(entry);
    this.currentText = undefined;
  }

  waitForFirstToken(_step: number): void {
    this.stopWaiting();
    this.wait = new FirstTokenWait();
    this.body.append(this.wait.element);
  }

  appendText(step: number, kind: 'content' | 'reasoning', text: string): void {
    this.stopWaiting();
    // A step's text continues until something else (a tool card) is shown after it.
    if (!this.currentText || this.currentText.step !== step) {
      this.currentText = new StepText(step, codeActions(this.post));
      this.body.append(this.currentText.element);
    }
    this.currentText.append(kind, text);
  }

  addToolCall(call: ToolCallMessage): void {
    const card = new ToolCard(call, this.post);
    this.cards.set(call.callId, card);
    this.add(card.element);
    this.lastCard = card;
    if (this.runId && this.retry && !this.retrySteps.has(call.step)) {
      this.retrySteps.add(call.step);
      card.addAction(retryButton(this.runId, call.step, this.info?.checkpoints ?? false, this.post));
    }
  }

  /** The header line: how this run is recorded and watched, where it branched from. */
  setInfo(info: RunInfoMessage): void {
    this.info = info;
    this.element.querySelector('.run-header')?.append(runInfoLine(info));
  }

  addCheckpoint(message: CheckpointMessage): void {
    if (this.runId) this.cards.get(message.callId)?.addAction(restoreButton(this.runId, message.callId, message.step, this.post), true);
  }

  /** A finding; a later one with the same id (an escalation: loop, then stuck) updates its
   * banner where it is, so one loop has one banner. */
  addBanner(message: LoopWarningMessage): void {
    const existing = this.banners.get(message.findingId);
    if (existing) {
      existing.update(message);
      return;
    }
    const banner = new LoopBanner(message, { runId: this.runId, post: this.post, showStep: (step) => this.showStep(step) });
    this.banners.set(message.findingId, banner);
    this.add(banner.element);
  }

  /** The run waits for the user's choice on this finding's banner (policy `warn`). */
  loopPaused(findingId: string): void {
    this.banners.get(findingId)?.paused();
  }

  recovery(message: LoopRecoveryTakenMessage): void {
    this.banners.get(message.findingId)?.recovered(message);
    if (message.action === 'rollback' && message.toStep !== null) {
      const kept = message.toStep;
      for (const card of this.cards.values()) if (card.call.step > kept) card.markUndone();
      for (const [id, banner] of this.banners) if (id !== message.findingId && banner.warning.fromStep > kept) banner.undone(kept);
    }
  }

  /** Scrolls to the first tool card of a step and highlights it for a moment. */
  showStep(step: number): void {
    const target = [...this.cards.values()].find((card) => card.call.step === step)?.element;
    if (!target) return;
    target.scrollIntoView({ block: 'center' });
    target.classList.add('highlight');
    setTimeout(() => target.classList.remove('highlight'), HIGHLIGHT_MS);
  }

  /** The run is over: restore and retry become available, banners can no longer act, calls
   * that never ran say so. `verdict`: offer Accept / Reject (a run that never ended has no
   * outcome to label). */
  ended(verdict = true): void {
    this.stopWaiting();
    this.element.classList.add('ended');
    for (const banner of this.banners.values()) banner.runEnded();
    for (const card of this.cards.values()) card.runEnded();
    if (verdict && this.runId && this.info?.recording === 'recording') {
      this.verdict = new VerdictButtons(this.runId, this.post);
      this.add(this.verdict.element);
    }
  }

  verdictSaved(verdict: Verdict): void {
    this.verdict?.saved(verdict);
  }

  private stopWaiting(): void {
    this.wait?.stop();
    this.wait = undefined;
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

  openPrompt(): ApprovalPrompt | undefined {
    return [...this.prompts.values()].find((prompt) => prompt.isOpen);
  }

  prompt(requestId: string): ApprovalPrompt | undefined {
    return this.prompts.get(requestId);
  }

  /** The run ended: any question still open can no longer be answered. */
  closePrompts(): void {
    for (const prompt of this.prompts.values()) prompt.close('cancelled');
  }
}
