// The model picker: the models the server lists (asked when the view opens and whenever the list
// is opened), the one in use selected; choosing one sets crux.model for the next run. When the
// list cannot be had, the host re-checks the connection, whose line at the top shows the error
// in full (any error: an unreachable server, a refused key, a server without /v1/models).
import type { HostMessageOf, WebviewMessage } from '../../src/protocol/index';
import { h } from '../dom';

export class ModelPicker {
  readonly element: HTMLSelectElement;

  constructor(private readonly post: (message: WebviewMessage) => void) {
    this.element = h('select', { className: 'model-picker', attrs: { 'aria-label': 'Model', 'title': 'The model for the next run' } });
    this.element.addEventListener('focus', () => this.post({ type: 'models-request' }));
    this.element.addEventListener('change', () => {
      if (this.element.value !== '') this.post({ type: 'choose-model', model: this.element.value });
    });
    this.post({ type: 'models-request' });
  }

  render(message: HostMessageOf<'models'>): void {
    const options = message.models.map((model) => h('option', { attrs: { value: model }, text: model }));
    if (message.current === '' || !message.models.includes(message.current)) {
      options.unshift(h('option', { attrs: { value: '' }, text: message.error ? 'No models (see the error at the top)' : message.current || 'Choose a model' }));
    }
    this.element.replaceChildren(...options);
    this.element.value = message.models.includes(message.current) ? message.current : '';
    this.element.title = message.error ?? 'The model for the next run';
  }
}
