// What the model wrote in one step, streamed: its reasoning folded away in a <details>,
// its answer as plain text.
import { h } from '../dom';

export class StepText {
  readonly element = h('div', { className: 'step-text' });
  private content: HTMLElement | undefined;
  private reasoning: HTMLElement | undefined;
  private reasoningChars = 0;
  private reasoningSummary: HTMLElement | undefined;

  constructor(readonly step: number) {}

  append(kind: 'content' | 'reasoning', text: string): void {
    if (kind === 'content') {
      this.content ??= this.element.appendChild(h('div', { className: 'model-text' }));
      this.content.append(text);
      return;
    }
    if (!this.reasoning || !this.reasoningSummary) {
      this.reasoningSummary = h('summary', { text: 'Reasoning' });
      this.reasoning = h('div', { className: 'reasoning-text' });
      const details = h('details', { className: 'reasoning' }, this.reasoningSummary, this.reasoning);
      // Reasoning comes before the answer in a turn, whatever order the chunks arrive in.
      this.element.prepend(details);
    }
    this.reasoning.append(text);
    this.reasoningChars += text.length;
    this.reasoningSummary.textContent = `Reasoning (${this.reasoningChars} chars)`;
  }
}
