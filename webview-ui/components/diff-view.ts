// A unified diff, coloured per line, with "Open diff" to see it in VS Code's diff editor.
import { button, h } from '../dom';
import type { Post } from '../vscode-api';

/** Lines beyond this are left to the diff editor: a huge diff would stall the view. */
const MAX_LINES = 400;

export function diffLines(diff: string): HTMLElement {
  const lines = diff.replace(/\n$/, '').split('\n');
  const shown = lines.slice(0, MAX_LINES).map((line) => h('span', { className: `diff-line ${lineClass(line)}`, text: `${line}\n` }));
  const more = lines.length > MAX_LINES ? [h('span', { className: 'diff-line diff-meta', text: `… ${lines.length - MAX_LINES} more lines` })] : [];
  return h('pre', { className: 'diff', attrs: { tabindex: '0' } }, ...shown, ...more);
}

export class DiffView {
  readonly element: HTMLElement;

  constructor(path: string, diff: string, post: Post) {
    const open = button('Open diff', () => post({ type: 'open-diff', path, diff }), {
      className: 'secondary small', attrs: { 'aria-label': `Open the diff of ${path} in the editor` },
    });
    const header = h('div', { className: 'edit-header' }, h('span', { className: 'edit-path', text: path }), open);
    const body = diff.trim() === '' ? h('p', { className: 'muted', text: 'No change to the content.' }) : diffLines(diff);
    this.element = h('section', { className: 'edit', attrs: { 'aria-label': `Edit of ${path}` } }, header, body);
  }
}

function lineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('Index:') || line.startsWith('===')) return 'diff-meta';
  if (line.startsWith('@@')) return 'diff-hunk';
  if (line.startsWith('+')) return 'diff-add';
  if (line.startsWith('-')) return 'diff-del';
  return 'diff-context';
}
