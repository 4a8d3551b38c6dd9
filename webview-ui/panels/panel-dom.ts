// Small DOM helpers of the panels beside the shared builder (../dom.ts): a notice area that
// shows host errors, and an SVG element builder (the tree is drawn in SVG).
import { h } from '../dom';

const SVG = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: Node[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

/** Where a panel says what went wrong on the host side; cleared by the next good answer. */
export class ErrorNotice {
  readonly element = h('div', { className: 'notice notice-error panel-error', attrs: { role: 'alert', hidden: true } });

  show(message: string): void {
    this.element.textContent = message;
    this.element.hidden = false;
  }

  clear(): void {
    this.element.hidden = true;
    this.element.textContent = '';
  }
}
