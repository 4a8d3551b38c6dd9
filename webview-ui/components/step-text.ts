// What the model wrote in one step, streamed: its reasoning folded away in a <details>, its
// answer rendered as markdown (re-rendered at most once a frame while it streams).
import { h } from '../dom';
import { renderMarkdown, type CodeBlockActions } from '../markdown';

export class StepText {
  readonly element = h('div', { className: 'step-text' });
  private content: HTMLElement | undefined;
  private contentSource = '';
  private renderQueued = false;
  private reasoning: HTMLElement | undefined;
  private reasoningChars = 0;
  private reasoningSummary: HTMLElement | undefined;

  constructor(readonly step: number, private readonly actions: CodeBlockActions) {}

  append(kind: 'content' | 'reasoning', text: string): void {
    if (kind === 'content') {
      this.content ??= this.element.appendChild(h('div', { className: 'model-text' }));
      this.contentSource += text;
      this.scheduleRender();
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

  private scheduleRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    // Rendered now (the first time, so tests and readers see text at once), then once a frame.
    const render = () => {
      this.renderQueued = false;
      if (this.content) renderMarkdown(this.content, this.contentSource, this.actions);
    };
    if (!this.content?.hasChildNodes()) render();
    else requestAnimationFrame(render);
  }
}
