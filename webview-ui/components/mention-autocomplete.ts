// Autocomplete for @-mentions in the task box: typing @ offers @problems, @terminal, @git and
// the workspace's files and folders whose path holds what follows the @ (asked of the host).
// Up/Down choose, Enter or Tab insert, Escape closes.
import type { HostMessageOf, WebviewMessage } from '../../src/protocol/index';
import { h } from '../dom';

const SPECIAL = ['problems', 'terminal', 'git'];

export class MentionAutocomplete {
  readonly element: HTMLElement;
  private items: string[] = [];
  private selected = 0;
  private query: string | null = null;

  constructor(private readonly input: HTMLTextAreaElement, private readonly post: (message: WebviewMessage) => void) {
    this.element = h('ul', { className: 'mention-list', attrs: { 'role': 'listbox', 'aria-label': 'Mentions', 'hidden': true } });
    input.addEventListener('input', () => this.onInput());
    input.addEventListener('keydown', (event) => this.onKey(event), { capture: true });
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    // Focus taken away (a terminal opening, a notification) closes the list; coming back to
    // an unfinished mention offers it again.
    input.addEventListener('focus', () => {
      if (this.wordAtCursor()) this.onInput();
    });
  }

  suggestions(message: HostMessageOf<'mention-suggestions'>): void {
    if (message.query !== this.query) return;
    this.show([...SPECIAL.filter((name) => name.startsWith(message.query)), ...message.paths]);
  }

  private onInput(): void {
    const word = this.wordAtCursor();
    if (!word) return this.close();
    this.query = word.query;
    this.show(SPECIAL.filter((name) => name.startsWith(word.query)));
    this.post({ type: 'mention-suggest', query: word.query });
  }

  private onKey(event: KeyboardEvent): void {
    if (this.element.hidden || this.items.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      this.selected = (this.selected + (event.key === 'ArrowDown' ? 1 : this.items.length - 1)) % this.items.length;
      this.render();
    } else if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey) || event.key === 'Tab') {
      this.insert(this.items[this.selected] ?? '');
    } else if (event.key === 'Escape') {
      this.close();
    } else return;
    event.preventDefault();
    event.stopPropagation();
  }

  private wordAtCursor(): { start: number; query: string } | null {
    const before = this.input.value.slice(0, this.input.selectionStart);
    const match = /(^|\s)@([^\s@]*)$/.exec(before);
    return match ? { start: before.length - (match[2] ?? '').length - 1, query: match[2] ?? '' } : null;
  }

  private insert(item: string): void {
    const word = this.wordAtCursor();
    if (!word || item === '') return this.close();
    const value = this.input.value;
    const end = this.input.selectionStart;
    const text = `@${item} `;
    this.input.value = value.slice(0, word.start) + text + value.slice(end);
    const cursor = word.start + text.length;
    this.input.setSelectionRange(cursor, cursor);
    this.input.dispatchEvent(new Event('input'));
    this.close();
  }

  private show(items: string[]): void {
    this.items = [...new Set(items)];
    this.selected = 0;
    this.render();
  }

  private render(): void {
    this.element.replaceChildren(...this.items.map((item, index) => {
      const option = h('li', { className: index === this.selected ? 'selected' : '', attrs: { 'role': 'option', 'aria-selected': String(index === this.selected) } }, `@${item}`);
      option.addEventListener('mousedown', (event) => {
        event.preventDefault();
        this.insert(item);
      });
      return option;
    }));
    this.element.hidden = this.items.length === 0;
  }

  private close(): void {
    this.query = null;
    this.items = [];
    this.element.hidden = true;
  }
}
