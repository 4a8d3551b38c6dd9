// The line at the top: which server and model the agent uses, or, when none answers, why
// and what to run to start one (with tool calling on).
import type { ConnectionState, ViewState } from '../../src/protocol/index';
import { button, h } from '../dom';
import type { Post } from '../vscode-api';

export class ConnectionStatus {
  readonly element = h('header', { className: 'connection', attrs: { 'role': 'status', 'aria-live': 'polite' } });

  constructor(private readonly post: Post) {}

  render(state: ViewState): void {
    this.element.replaceChildren(...this.content(state.connection, state.approvalMode));
    this.element.dataset.status = state.connection.status;
  }

  private content(connection: ConnectionState, approvalMode: string): Node[] {
    switch (connection.status) {
      case 'checking':
        return [h('div', { className: 'connection-line' }, dot('checking'), h('span', { text: `Checking ${connection.serverUrl}…` }))];
      case 'connected':
        return [
          h('div', { className: 'connection-line', attrs: { title: `${connection.model} on ${connection.serverKind} at ${connection.serverUrl}` } },
            dot('connected'),
            h('span', { className: 'model-name', text: connection.model, attrs: { title: 'Model' } }),
            h('span', { className: 'muted', text: ` · ${connection.serverKind} · ${connection.serverUrl}` })),
          h('div', { className: 'connection-line muted', text: `Tool calls: ${connection.toolFormat} · ${capitalise(connection.server)} · Approvals: ${approvalMode}` }),
        ];
      case 'unavailable':
        // No start commands: a server answered, but there is no model to use (none listed, or
        // several and none chosen: the model picker is the remedy, not another server).
        if (connection.startCommands.length === 0) {
          return [
            h('div', { className: 'connection-line' }, dot('unavailable'), h('strong', { text: 'No model to use' })),
            h('p', { className: 'connection-error', text: connection.error }),
            this.buttons(),
          ];
        }
        // The buttons come before the long command list, so they stay in sight in a short view.
        return [
          h('div', { className: 'connection-line' }, dot('unavailable'), h('strong', { text: 'No model server' })),
          h('p', { className: 'connection-error', text: connection.error }),
          this.buttons(),
          h('p', { className: 'muted', text: 'Start one of these (tool calling enabled), then check again:' }),
          h('ul', { className: 'start-commands', attrs: { 'aria-label': 'Commands that start a model server' } },
            ...connection.startCommands.map((command) =>
              h('li', {}, h('span', { className: 'start-label', text: command.label }),
                h('code', { className: 'start-command', text: command.command, attrs: { tabindex: '0' } })))),
        ];
    }
  }

  private buttons(): HTMLElement {
    return h('div', { className: 'button-row' },
      button('Check again', () => this.post({ type: 'check-connection' }), { attrs: { 'aria-label': 'Check the model server again' } }),
      button('Show log', () => this.post({ type: 'show-log' }), { className: 'secondary' }));
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function dot(status: ConnectionState['status']): HTMLElement {
  return h('span', { className: `dot dot-${status}`, attrs: { 'aria-hidden': 'true' } });
}
