// Which collapsible parts of the viewer the user opened or closed. Rows are thrown away when
// they scroll out of view and drawn again when they come back; the state lives here, so a row
// comes back as the user left it.
import { h } from '../../dom';

export class OpenState {
  private readonly state = new Map<string, boolean>();

  clear(): void {
    this.state.clear();
  }

  /** A <details> whose open state is remembered under `key` (`open` until the user says). */
  details(key: string, open: boolean, className: string, summary: Node[], ...body: Node[]): HTMLDetailsElement {
    const element = h('details', { className }, h('summary', {}, ...summary), ...body);
    element.open = this.state.get(key) ?? open;
    element.addEventListener('toggle', () => this.state.set(key, element.open));
    return element;
  }
}
