// "waiting for the first token … N s" under the run while a model turn has produced nothing yet:
// prompt processing on a CPU can take minutes, and a still view looks hung.
import { h } from '../dom';

export class FirstTokenWait {
  readonly element = h('div', { className: 'first-token-wait muted small', attrs: { role: 'status' } });
  private readonly startedAt = Date.now();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor() {
    this.render();
    this.timer = setInterval(() => this.render(), 1000);
  }

  stop(): void {
    clearInterval(this.timer);
    this.element.remove();
  }

  private render(): void {
    this.element.textContent = `waiting for the first token … ${Math.floor((Date.now() - this.startedAt) / 1000)} s`;
  }
}
