// The run state at a glance in the status bar; a click opens the Crux view.
import * as vscode from 'vscode';
import type { ViewState } from '../src/protocol';
import { AGENT_VIEW_ID } from './view/agent-view-provider';

export function createStatusBar(): { item: vscode.StatusBarItem; update(state: ViewState): void } {
  const item = vscode.window.createStatusBarItem('crux.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Crux';
  item.command = `${AGENT_VIEW_ID}.focus`;
  const update = (state: ViewState) => {
    const { connection } = state;
    if (state.running) {
      item.text = '$(sync~spin) Crux: running';
      item.tooltip = 'Crux is running a task. Click to open the Crux view.';
    } else if (connection.status === 'connected') {
      item.text = '$(hubot) Crux: idle';
      item.tooltip = `Crux: ${connection.model} on ${connection.serverKind} at ${connection.serverUrl}`;
    } else if (connection.status === 'checking') {
      item.text = '$(loading~spin) Crux';
      item.tooltip = `Crux: checking ${connection.serverUrl}`;
    } else {
      // No start commands: the server answered but offers no model to use (see connection-check).
      item.text = connection.startCommands.length === 0 ? '$(debug-disconnect) Crux: no model chosen' : '$(debug-disconnect) Crux: no model server';
      item.tooltip = `Crux: ${connection.error}`;
    }
    item.accessibilityInformation = { label: item.text.replace(/\$\([^)]*\)\s*/g, '') };
  };
  item.show();
  return { item, update };
}
