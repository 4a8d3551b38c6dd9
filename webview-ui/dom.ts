// A tiny element builder. Text always goes in through textContent (never innerHTML): the
// page shows model output and file contents, which must never become markup.

export interface ElementProps {
  className?: string;
  text?: string;
  /** Attributes; `false`/`undefined` leave one out, `true` sets it empty. */
  attrs?: Record<string, string | boolean | undefined>;
}

export type Child = Node | string;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.text !== undefined) element.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

export function button(label: string, onClick: () => void, props: ElementProps = {}): HTMLButtonElement {
  const element = h('button', { ...props, text: label, attrs: { type: 'button', ...props.attrs } });
  element.addEventListener('click', onClick);
  return element;
}

/** Formats milliseconds for people: "850 ms", "3.2 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
