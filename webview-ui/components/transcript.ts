// The scrolling record of runs. It follows new output while the user is at the bottom and
// leaves the scroll position alone when they scrolled up to read (then "Jump to latest"
// shows); a new run is scrolled into view either way.
import type { HostMessageOf } from '../../src/protocol/index';
import { h } from '../dom';
import type { Post } from '../vscode-api';
import type { Announcer } from './announcer';
import type { ApprovalPrompt } from './approval-prompt';
import { ConsentPromptView } from './consent-prompt';
import { errorNotice, userMessageNotice } from './notice';
import { runFinishedLine, runInterruptedLine } from './run-finished';
import { codeActions, RunSection } from './run-section';

/** Within this many pixels of the bottom counts as "at the bottom". */
const STICK_PX = 40;

export class Transcript {
  readonly element = h('div', { className: 'transcript', attrs: { 'role': 'log', 'aria-label': 'Run transcript', 'tabindex': '0' } });
  private readonly empty = h('p', { className: 'empty muted', text: 'Describe a task below and press Run. The agent reads, edits and runs commands in this workspace; edits and commands ask first.' });
  private run: RunSection | undefined;
  /** Every run shown, by id: restores and verdicts may concern an earlier one. */
  private readonly sections = new Map<string, RunSection>();
  private readonly consentPrompts = new Map<string, ConsentPromptView>();

  readonly jump = h('button', { className: 'jump-latest', text: '↓ Jump to latest', attrs: { 'type': 'button', 'hidden': true, 'aria-label': 'Jump to the latest output' } });

  constructor(private readonly post: Post, private readonly announcer: Announcer, private readonly hasKeyboard: () => boolean) {
    this.element.append(this.empty);
    this.jump.addEventListener('click', () => this.scrollToEnd());
    this.element.addEventListener('scroll', () => this.updateJump(), { passive: true });
  }

  /** Empties the transcript before a chat is shown again (open questions of consent stay). */
  clear(): void {
    this.run = undefined;
    this.sections.clear();
    const keep = [...this.consentPrompts.values()].filter((prompt) => prompt.isOpen).map((prompt) => prompt.element);
    this.element.replaceChildren(this.empty, ...keep);
  }

  /** The chat's latest run never ended: it is closed here, with Resume. */
  interrupted(runId: string, onResume: () => void): void {
    const section = this.sections.get(runId) ?? this.current();
    section.closePrompts();
    section.add(runInterruptedLine(onResume));
    section.ended(false);
    if (this.run === section) this.run = undefined;
  }

  /** A line of its own (why part of a chat is not shown). */
  note(text: string): void {
    this.empty.remove();
    this.element.append(h('div', { className: 'notice notice-system muted', attrs: { role: 'status' } }, text));
  }

  runStarted(message: HostMessageOf<'run-started'>, options: { retry: boolean } = { retry: true }): void {
    this.empty.remove();
    this.run = new RunSection(message, this.post, options.retry);
    this.sections.set(message.runId, this.run);
    this.element.append(this.run.element);
    // A new run is what the user is waiting for, wherever they had scrolled to.
    this.scrollToEnd();
    this.announcer.say(`Run started: ${message.task}`);
  }

  loopPaused(message: HostMessageOf<'loop-paused'>): void {
    this.run?.loopPaused(message.findingId);
    this.announcer.say('The loop watch paused the run: choose a way out on its banner.');
  }

  /** The open question, if any (Escape denies it; focusing the view lands on it). */
  openPrompt(): ApprovalPrompt | undefined {
    return this.run?.openPrompt();
  }

  /** Adds a line to a run's section (what a chat run was given). */
  addToRun(runId: string, element: HTMLElement): void {
    this.follow(() => this.sections.get(runId)?.add(element));
  }

  /** A divider: what follows belongs to a new conversation. */
  newChat(): void {
    this.follow(() => this.element.append(h('div', { className: 'chat-divider muted', attrs: { role: 'separator' } }, 'New chat')));
  }

  runInfo(message: HostMessageOf<'run-info'>): void {
    this.follow(() => this.sections.get(message.runId)?.setInfo(message));
  }

  checkpoint(message: HostMessageOf<'checkpoint'>): void {
    this.run?.addCheckpoint(message);
  }

  loopWarning(message: HostMessageOf<'loop-warning'>): void {
    this.follow(() => this.current().addBanner(message));
  }

  recovery(message: HostMessageOf<'recovery'>): void {
    this.follow(() => this.run?.recovery(message));
  }

  filesRestored(message: HostMessageOf<'files-restored'>): void {
    const section = this.sections.get(message.runId) ?? this.current();
    this.follow(() => section.add(h('div', { className: 'notice notice-restored', attrs: { role: 'status' } }, `Files restored to how they were before step ${message.step}.`)));
  }

  verdictSaved(message: HostMessageOf<'verdict-saved'>): void {
    this.sections.get(message.runId)?.verdictSaved(message.verdict);
  }

  consentRequest(message: HostMessageOf<'consent-request'>): void {
    const prompt = new ConsentPromptView(message, this.post);
    this.consentPrompts.set(message.requestId, prompt);
    this.follow(() => {
      this.empty.remove();
      this.element.append(prompt.element);
    });
    prompt.element.scrollIntoView({ block: 'nearest' });
    prompt.focus();
  }

  consentClosed(message: HostMessageOf<'consent-closed'>): void {
    this.consentPrompts.get(message.requestId)?.close(message.outcome);
  }

  modelWaiting(message: HostMessageOf<'model-waiting'>): void {
    this.follow(() => this.current().waitForFirstToken(message.step));
  }

  textDelta(message: HostMessageOf<'text-delta'>): void {
    this.follow(() => this.current().appendText(message.step, message.kind, message.text));
    if (message.kind === 'content') this.announcer.stream(message.text);
  }

  toolCall(message: HostMessageOf<'tool-call'>): void {
    this.follow(() => this.current().addToolCall(message));
  }

  toolApproval(message: HostMessageOf<'tool-approval'>): void {
    this.follow(() => this.run?.card(message.callId)?.setApproval(message));
  }

  toolOutput(message: HostMessageOf<'tool-output'>): void {
    this.follow(() => this.run?.card(message.callId)?.appendOutput(message.chunk));
  }

  toolResult(message: HostMessageOf<'tool-result'>): void {
    this.follow(() => this.run?.card(message.callId)?.setResult(message));
  }

  edit(message: HostMessageOf<'edit'>): void {
    this.follow(() => this.current().addEdit(message));
  }

  approvalRequest(message: HostMessageOf<'approval-request'>): void {
    const prompt = this.follow(() => this.current().addApproval(message));
    prompt.element.scrollIntoView({ block: 'nearest' });
    // Never take the keyboard from where the user types (the editor, or the task box): only
    // when the view already has focus and it is on nothing one types into.
    if (this.hasKeyboard()) prompt.focus();
    this.announcer.say(`Approval needed: ${message.title}. Alt+A approves, Alt+D or Escape denies.`);
  }

  approvalClosed(message: HostMessageOf<'approval-closed'>): void {
    this.run?.prompt(message.requestId)?.close(message.outcome);
  }

  userMessage(message: HostMessageOf<'user-message'>): void {
    this.follow(() => this.current().add(userMessageNotice(message)));
  }

  error(message: HostMessageOf<'error'>): void {
    this.follow(() => this.current().add(errorNotice(message)));
    this.announcer.say(message.message);
  }

  runFinished(message: HostMessageOf<'run-finished'>): void {
    this.announcer.say(`Run ${message.reason === 'aborted' ? 'aborted' : message.reason === 'error' ? 'failed' : message.reason === 'finished' ? 'finished' : 'stopped at the step limit'}.`);
    this.follow(() => {
      const run = this.current();
      run.closePrompts();
      run.add(runFinishedLine(message, codeActions(this.post)));
      run.ended();
    });
    // The next message of any kind belongs to a new run.
    this.run = undefined;
  }

  /** The run messages belong to; one is made up when a run failed before it started
   * (no server, no folder), so its error still has a place. */
  private current(): RunSection {
    if (!this.run) {
      this.empty.remove();
      this.run = new RunSection(undefined, this.post);
      this.element.append(this.run.element);
    }
    return this.run;
  }

  private follow<T>(change: () => T): T {
    const atBottom = this.atBottom();
    const result = change();
    if (atBottom) this.element.scrollTop = this.element.scrollHeight;
    this.updateJump();
    return result;
  }

  private atBottom(): boolean {
    return this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < STICK_PX;
  }

  scrollToEnd(): void {
    this.element.scrollTop = this.element.scrollHeight;
    this.updateJump();
  }

  private updateJump(): void {
    this.jump.hidden = this.atBottom();
  }
}
