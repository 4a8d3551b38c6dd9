// The conversation around the task box: the mode (act / ask), New Chat, and which run a reply
// continues. After a run ends, whatever way, the next message is a follow-up of that run (its
// whole conversation goes to the model); New Chat starts afresh. The chat's run and the mode
// survive a reload of the view (the page's saved state).
import type { ChatMode, HostMessageOf, WebviewMessage } from '../../src/protocol/index';
import { button, h } from '../dom';
import type { PageState } from '../vscode-api';

interface SavedChat {
  chatRunId: string | null;
  chatTitle: string;
  mode: ChatMode;
}

export class ChatBar {
  readonly element: HTMLElement;
  private readonly modeSelect: HTMLSelectElement;
  private readonly label: HTMLElement;
  private chat: SavedChat;

  constructor(private readonly state: PageState, private readonly onNewChat: () => void, extra: HTMLElement[] = []) {
    const saved = state.get<SavedChat>('chat');
    this.chat = saved ?? { chatRunId: null, chatTitle: '', mode: 'act' };
    this.modeSelect = h('select', { className: 'chat-mode', attrs: { 'aria-label': 'Mode', 'title': 'Act: change the code. Ask: answer questions, read-only.' } },
      h('option', { attrs: { value: 'act' }, text: 'Act' }), h('option', { attrs: { value: 'ask' }, text: 'Ask' }));
    this.modeSelect.value = this.chat.mode;
    this.modeSelect.addEventListener('change', () => {
      this.chat.mode = this.modeSelect.value === 'ask' ? 'ask' : 'act';
      this.save();
    });
    this.label = h('span', { className: 'chat-label muted', attrs: { 'aria-live': 'polite' } });
    const newChat = button('New Chat', () => this.newChat(), { attrs: { 'aria-label': 'Start a new chat', 'title': 'The next message starts a new conversation' } });
    this.element = h('div', { className: 'chat-bar' }, this.modeSelect, ...extra, newChat, this.label);
    this.render();
  }

  /** A run of this view started: replies continue it from now on. */
  runStarted(message: HostMessageOf<'run-started'>): void {
    if (this.chat.chatRunId === null) this.chat.chatTitle = message.task;
    this.chat.chatRunId = message.runId;
    this.save();
  }

  /** What the task box sends for this text. */
  compose(text: string): WebviewMessage {
    return { type: 'chat-send', text, mode: this.chat.mode, continueRunId: this.chat.chatRunId };
  }

  /** A chat picked from the list: the next message continues its latest run. */
  openChat(runId: string, title: string): void {
    this.chat.chatRunId = runId;
    this.chat.chatTitle = title;
    this.save();
  }

  /** The next message starts a new conversation (the mode stays). */
  startNew(): void {
    this.chat = { chatRunId: null, chatTitle: '', mode: this.chat.mode };
    this.save();
  }

  /** The chat the page shows (sent in `ready`, to be shown again after a reload). */
  get chatRunId(): string | null {
    return this.chat.chatRunId;
  }

  get continuing(): boolean {
    return this.chat.chatRunId !== null;
  }

  private newChat(): void {
    this.startNew();
    this.onNewChat();
  }

  private save(): void {
    this.state.set('chat', this.chat);
    this.render();
  }

  private render(): void {
    const title = this.chat.chatTitle.split('\n')[0] ?? '';
    this.label.textContent = this.chat.chatRunId ? `Replying continues: ${title.length > 60 ? `${title.slice(0, 60)}…` : title}` : 'New chat';
  }
}

/** One line under a run saying what it was given besides the task. */
export function chatContextLine(message: HostMessageOf<'chat-context'>): HTMLElement {
  const parts: string[] = [message.mode === 'ask' ? 'Ask mode (read-only)' : 'Act mode'];
  if (message.continues) parts.push(`continues the conversation after step ${message.continues.step}`);
  parts.push(message.rules.length > 0 ? `Rules: ${message.rules.join(', ')}` : 'No project rules');
  if (message.mcpTools.length > 0) parts.push(`MCP tools: ${message.mcpTools.length}`);
  if (message.attachments.length > 0) parts.push(`Attached: ${message.attachments.join(', ')}`);
  const line = h('div', { className: 'notice chat-context muted', attrs: { 'role': 'status', 'data-rules': message.rules.join(',') } }, parts.join(' · '));
  for (const problem of message.mcpProblems) line.append(h('div', { className: 'notice-error' }, problem));
  return line;
}
