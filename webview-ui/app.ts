// The page: a skip link, the connection status on top, the transcript in the middle, the task
// box below, and a polite live region. Each host message type has its handler here; the
// components do the rendering. The keyboard: focusing the view lands in the task box (or on
// an open question), Escape denies the open question or stops the run, and the page tells the
// host whether it has focus (the approve/deny keybindings act only then).
import type { HostMessage, HostMessageOf, HostMessageType } from '../src/protocol/index';
import { Announcer } from './components/announcer';
import { ChatBar, chatContextLine } from './components/chat-bar';
import { ChatList } from './components/chat-list';
import { ContextMeter } from './components/context-meter';
import { MentionAutocomplete } from './components/mention-autocomplete';
import { ModelPicker } from './components/model-picker';
import { rulesAddedLine } from './components/rules-added';
import { ConnectionStatus } from './components/connection-status';
import { TaskBox } from './components/task-box';
import { Transcript } from './components/transcript';
import { h } from './dom';
import { pageState, type Post } from './vscode-api';

type HostHandlers = { readonly [K in HostMessageType]: (message: HostMessageOf<K>) => void };

export class App {
  private readonly connection: ConnectionStatus;
  private readonly transcript: Transcript;
  private readonly taskBox: TaskBox;
  private readonly announcer = new Announcer();
  private readonly chatBar: ChatBar;
  private readonly handlers: HostHandlers;
  /** A chat is being shown again: its messages draw the transcript only. */
  private replaying = false;
  private retryable = new Set<string>();

  constructor(root: HTMLElement, private readonly post: Post) {
    this.connection = new ConnectionStatus(post);
    this.transcript = new Transcript(post, this.announcer, () => this.viewHasKeyboard());
    const state = pageState();
    const picker = new ModelPicker(post);
    const meter = new ContextMeter();
    this.chatBar = new ChatBar(state, () => { this.transcript.newChat(); meter.reset(); }, [picker.element]);
    this.taskBox = new TaskBox(post, (text) => this.chatBar.compose(text), state);
    // Continue shows the chat (the next message continues it); Resume also carries on its
    // interrupted run at once.
    const chatList = new ChatList((chat) => {
      this.chatBar.openChat(chat.runId, chat.title);
      meter.reset();
      post(chat.end === null && !chat.running ? { type: 'chat-resume', runId: chat.runId } : { type: 'chat-open', runId: chat.runId });
      this.taskBox.focus();
    });
    const mentions = new MentionAutocomplete(this.taskBox.textArea, post);
    const skip = h('a', { className: 'skip-link', text: 'Skip to the task box', attrs: { href: '#task' } });
    skip.addEventListener('click', (event) => {
      event.preventDefault();
      this.taskBox.focus();
    });
    root.append(skip, this.connection.element, this.transcript.element, this.transcript.jump, chatList.element, meter.element,
      this.chatBar.element, mentions.element, this.taskBox.element, this.announcer.element);
    post({ type: 'chat-list-request' });
    const transcript = this.transcript;
    this.handlers = {
      'init': (message) => this.applyState(message.state),
      'state': (message) => this.applyState(message.state),
      'run-started': (message) => {
        if (this.replaying) {
          transcript.runStarted(message, { retry: this.retryable.has(message.runId) });
          return;
        }
        this.taskBox.setRunning(true);
        this.taskBox.started(message.task);
        this.chatBar.runStarted(message);
        transcript.runStarted(message);
      },
      'model-waiting': (message) => transcript.modelWaiting(message),
      'text-delta': (message) => transcript.textDelta(message),
      'tool-call': (message) => transcript.toolCall(message),
      'tool-approval': (message) => transcript.toolApproval(message),
      'tool-output': (message) => transcript.toolOutput(message),
      'tool-result': (message) => transcript.toolResult(message),
      'edit': (message) => transcript.edit(message),
      'approval-request': (message) => transcript.approvalRequest(message),
      'approval-closed': (message) => transcript.approvalClosed(message),
      'user-message': (message) => transcript.userMessage(message),
      'error': (message) => transcript.error(message),
      // The host sends Recent chats again once the run is over (chat-list).
      'run-finished': (message) => transcript.runFinished(message),
      'run-info': (message) => transcript.runInfo(message),
      'checkpoint': (message) => transcript.checkpoint(message),
      'files-restored': (message) => transcript.filesRestored(message),
      'loop-warning': (message) => transcript.loopWarning(message),
      'loop-paused': (message) => transcript.loopPaused(message),
      'recovery': (message) => transcript.recovery(message),
      'consent-request': (message) => transcript.consentRequest(message),
      'consent-closed': (message) => transcript.consentClosed(message),
      'verdict-saved': (message) => transcript.verdictSaved(message),
      'focus-task': (message) => {
        if (message.prefill !== null) this.taskBox.prefill(message.prefill);
        this.taskBox.focus();
      },
      'chat-context': (message) => transcript.addToRun(message.runId, chatContextLine(message)),
      'chat-list': (message) => chatList.render(message),
      'context-usage': (message) => meter.update(message),
      'mention-suggestions': (message) => mentions.suggestions(message),
      'models': (message) => picker.render(message),
      'rules-added': (message) => transcript.addToRun(message.runId, rulesAddedLine(message)),
      'chat-transcript': (message) => this.showChat(message),
    };
    this.listenForKeyboard(root);
    this.taskBox.focus();
  }

  /** The conversation the page shows (replies continue it); null for a new chat. */
  get chatRunId(): string | null {
    return this.chatBar.chatRunId;
  }

  handle(message: HostMessage): void {
    // The table's type pairs each handler with its own message type.
    const handler = this.handlers[message.type] as (message: HostMessage) => void;
    handler(message);
  }

  /** A chat shown again (after a reload, or picked from Recent chats): its runs are drawn as
   * they were, without announcing or focusing anything; replies continue its latest run. */
  private showChat(message: HostMessageOf<'chat-transcript'>): void {
    this.transcript.clear();
    this.retryable = new Set(message.retryable);
    this.replaying = true;
    this.announcer.muted = true;
    try {
      for (const each of message.messages) this.handle(each);
    } finally {
      this.replaying = false;
      this.announcer.muted = false;
    }
    if (message.notice) this.transcript.note(message.notice);
    const latest = message.chatRunId;
    if (latest !== null && message.interrupted) this.transcript.interrupted(latest, () => this.post({ type: 'chat-resume', runId: latest }));
    if (latest !== null) this.chatBar.openChat(latest, message.title);
    else this.chatBar.startNew();
    this.transcript.scrollToEnd();
    this.announcer.say(latest === null ? 'New chat.' : `Chat shown again: ${message.title.split('\n')[0] ?? ''}`);
  }

  private applyState(state: HostMessageOf<'state'>['state']): void {
    this.connection.render(state);
    this.taskBox.setRunning(state.running);
  }

  /** The view has the keyboard and it is not in something one types into. */
  private viewHasKeyboard(): boolean {
    if (!document.hasFocus()) return false;
    const active = document.activeElement;
    return !(active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement);
  }

  private listenForKeyboard(root: HTMLElement): void {
    window.addEventListener('focus', () => {
      this.post({ type: 'view-focus', focused: true });
      // "Focus on Crux View" (or a click on the tab) focuses the page, not an element: land
      // on the open question, else in the task box, so typed keys are not lost.
      setTimeout(() => {
        if (document.activeElement !== document.body && document.activeElement !== null) return;
        const open = this.transcript.openPrompt();
        if (open) open.focus();
        else this.taskBox.focus();
      }, 0);
    });
    window.addEventListener('blur', () => this.post({ type: 'view-focus', focused: false }));
    root.addEventListener('crux-focus-released', () => setTimeout(() => this.taskBox.focus(), 0));
    document.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const open = this.transcript.openPrompt();
      if (open) {
        event.preventDefault();
        open.deny();
        return;
      }
      if (this.taskBox.escape()) event.preventDefault();
    });
  }
}
