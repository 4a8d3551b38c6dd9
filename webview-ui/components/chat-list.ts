// Recent chats: the latest run of each recorded conversation (also from earlier windows and
// after VS Code restarts). Continue shows it again and makes the next message continue it; a run
// that never ended (the window was reloaded or closed mid-run) is marked interrupted, and its
// Resume carries it on at once.
import type { ChatSummary, HostMessageOf } from '../../src/protocol/index';
import { button, h } from '../dom';

export class ChatList {
  readonly element: HTMLDetailsElement;
  private readonly list: HTMLElement;

  constructor(private readonly onOpen: (chat: ChatSummary) => void) {
    this.list = h('ul', { className: 'chat-list-items', attrs: { 'aria-label': 'Recent chats' } });
    this.element = h('details', { className: 'chat-list' }, h('summary', { text: 'Recent chats' }), this.list);
  }

  render(message: HostMessageOf<'chat-list'>): void {
    this.list.replaceChildren(...message.chats.map((chat) => this.item(chat)));
    if (message.chats.length === 0) this.list.append(h('li', { className: 'muted', text: 'No recorded chats yet (recording must be on).' }));
  }

  private item(chat: ChatSummary): HTMLElement {
    const title = (chat.title.split('\n')[0] ?? '').slice(0, 80);
    const interrupted = chat.end === null && !chat.running;
    const how = chat.running ? 'running' : interrupted ? 'interrupted' : `${chat.end ?? ''}${chat.steps !== null ? ` · ${chat.steps} steps` : ''}`;
    const label = chat.running ? 'Show' : interrupted ? 'Resume' : 'Continue';
    const action = button(label, () => {
      // Folded away: the chat it shows is what the user wants to see now.
      this.element.open = false;
      this.onOpen(chat);
    }, {
      attrs: { 'aria-label': `${label} the chat: ${title}` },
    });
    return h('li', { className: `chat-item${interrupted ? ' interrupted' : ''}`, attrs: { 'data-run-id': chat.runId } },
      h('span', { className: 'chat-title', text: title }), h('span', { className: 'muted', text: ` ${how} · ${chat.createdAt.slice(0, 16).replace('T', ' ')} ` }), action);
  }
}
