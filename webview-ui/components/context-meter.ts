// How full the model's context window is: the last turn's prompt and reply against the window,
// with this turn's and the run's token counts (as the server reported them and the trajectory
// records them).
import type { HostMessageOf } from '../../src/protocol/index';
import { h } from '../dom';

const format = (n: number): string => n.toLocaleString('en-US');

export class ContextMeter {
  readonly element: HTMLElement;
  private readonly bar: HTMLProgressElement;
  private readonly text: HTMLElement;

  constructor() {
    this.bar = h('progress', { className: 'context-bar', attrs: { 'max': '100', 'value': '0', 'aria-label': 'Context window used' } });
    this.text = h('span', { className: 'context-text muted' });
    this.element = h('div', { className: 'context-meter', attrs: { hidden: true } }, this.bar, this.text);
  }

  update(message: HostMessageOf<'context-usage'>): void {
    const used = message.promptTokens + message.completionTokens;
    const percent = message.contextTokens > 0 ? Math.min(100, Math.round((used / message.contextTokens) * 100)) : 0;
    this.bar.value = percent;
    this.text.textContent = `Context ${format(used)} / ${format(message.contextTokens)} tokens (${percent}%) · step ${message.step}: ${format(message.promptTokens)} in, ${format(message.completionTokens)} out · run ${format(message.runTotalTokens)}`;
    this.element.hidden = false;
  }

  /** Another chat: its context is not the last run's, so nothing is shown until its first turn. */
  reset(): void {
    this.bar.value = 0;
    this.text.textContent = '';
    this.element.hidden = true;
  }
}
