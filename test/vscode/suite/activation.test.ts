import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KEYBOARD_COMMANDS } from '../../../extension/commands/keyboard-commands';
import { COMMANDS } from '../../../extension/commands/register';
import { VIEW_COMMANDS } from '../../../extension/commands/register-views';
import { MCP_COMMANDS } from '../../../extension/mcp/mcp-commands';
import { TEAM_COMMANDS } from '../../../extension/team/team-extension';
import { MODEL } from '../scenarios';
import { activateCrux, EXTENSION_ID } from './helpers';

describe('Crux in VS Code: activation', () => {
  it('activates and returns its API', async () => {
    const api = await activateCrux();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    assert.equal(typeof api.runTask, 'function');
  });

  it('registers every contributed command', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const command of [...COMMANDS, ...VIEW_COMMANDS, ...KEYBOARD_COMMANDS, ...MCP_COMMANDS, ...TEAM_COMMANDS]) assert.ok(all.has(command), `${command} is registered`);
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string }[] } })
      .contributes.commands.map((entry) => entry.command);
    assert.deepEqual([...contributed].sort(), [...COMMANDS, ...VIEW_COMMANDS, ...KEYBOARD_COMMANDS, ...MCP_COMMANDS, ...TEAM_COMMANDS].sort());
  });

  it('contributes its settings with defaults', () => {
    const config = vscode.workspace.getConfiguration('crux');
    assert.equal(config.inspect('approvals.mode')?.defaultValue, 'auto-reads');
    assert.equal(config.inspect('toolFormat')?.defaultValue, 'auto');
    assert.equal(config.inspect('modelUrl')?.defaultValue, 'http://127.0.0.1:8000/v1');
    assert.equal(config.inspect('maxSteps')?.defaultValue, 50);
    assert.equal(config.inspect('modelIdleTimeout')?.defaultValue, 600);
    assert.equal(config.inspect('maxTokens')?.defaultValue, 0);
    assert.equal(config.inspect('contextTokens')?.defaultValue, 0);
    assert.equal(config.inspect('loopWatch.policy')?.defaultValue, 'nudge');
    assert.equal(config.inspect('checkpoints.enabled')?.defaultValue, true);
    assert.equal(config.inspect('terminal')?.defaultValue, 'integrated');
  });

  it('connects to the model server named in the settings', async () => {
    const api = await activateCrux();
    const connection = await api.checkConnection();
    assert.equal(connection.status, 'connected', JSON.stringify(connection));
    assert.equal(connection.status === 'connected' ? connection.model : '', MODEL);
    assert.equal(api.state.running, false);
  });

  it('checks the connection against a real llama-server and shows what it learned', async () => {
    const url = process.env['CRUX_TEST_LLAMA_URL'];
    assert.ok(url, 'the harness starts a real llama-server (npm run setup builds it)');
    const api = await activateCrux();
    const config = vscode.workspace.getConfiguration('crux');
    const previous = config.inspect<string>('modelUrl')?.globalValue;
    await config.update('modelUrl', url, vscode.ConfigurationTarget.Global);
    try {
      const connection = await api.checkConnection();
      assert.equal(connection.status, 'connected', JSON.stringify(connection));
      if (connection.status !== 'connected') return;
      assert.equal(connection.serverKind, 'llamacpp');
      assert.equal(connection.model, 'tiny-chatml');
      // The template cannot carry tools, so auto must not pick native calls the model would not see.
      assert.equal(connection.toolFormat, 'hermes');
      assert.equal(connection.server, 'context 2,048 tokens, chat template without tools');
    } finally {
      await config.update('modelUrl', previous, vscode.ConfigurationTarget.Global);
    }
  });

  it('reports an unreachable server with commands to start one', async () => {
    const api = await activateCrux();
    const config = vscode.workspace.getConfiguration('crux');
    const previous = config.inspect<string>('modelUrl')?.globalValue;
    await config.update('modelUrl', 'http://127.0.0.1:9/v1', vscode.ConfigurationTarget.Global);
    try {
      const connection = await api.checkConnection();
      assert.equal(connection.status, 'unavailable');
      if (connection.status !== 'unavailable') return;
      assert.match(connection.error, /127\.0\.0\.1:9/);
      assert.deepEqual(connection.startCommands.map((command) => command.label), ['vLLM', 'Ollama', 'llama.cpp']);
      assert.match(connection.startCommands[0]?.command ?? '', /--port 9 .*--enable-auto-tool-choice/);
    } finally {
      await config.update('modelUrl', previous, vscode.ConfigurationTarget.Global);
    }
    assert.equal((await api.checkConnection()).status, 'connected');
  });

  it('runs the simple commands without a run going', async () => {
    await vscode.commands.executeCommand('crux.showLog');
    await vscode.commands.executeCommand('crux.stopRun');
    await vscode.commands.executeCommand('crux.agentView.focus');
  });
});
