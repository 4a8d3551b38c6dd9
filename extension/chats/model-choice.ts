// The model picker's host side: the models the server lists (/v1/models, through the model
// client's probe) and the crux.model setting, written where it is set now (the workspace's
// settings when it has one there, else the user's).
import * as vscode from 'vscode';
import type { Log } from '../../src/host/ports';
import type { ModelsMessage } from '../../src/protocol';
import type { ApiKeyStore } from '../api-key';
import { createClient } from '../run/connection-check';
import { readSettings, SECTION } from '../settings';

export class ModelChoice {
  constructor(private readonly apiKeys: ApiKeyStore, private readonly log: Log) {}

  async list(): Promise<ModelsMessage> {
    const settings = readSettings();
    try {
      const client = createClient(settings, await this.apiKeys.get(settings.apiKeySetting), this.log, 'status');
      const server = await client.probe();
      const current = settings.model || (server.models.length === 1 ? server.models[0] ?? '' : '');
      return { type: 'models', models: server.models, current, error: null };
    } catch (error) {
      return { type: 'models', models: [], current: settings.model, error: error instanceof Error ? error.message : String(error) };
    }
  }

  async choose(model: string): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const inWorkspace = config.inspect<string>('model')?.workspaceValue !== undefined;
    await config.update('model', model, inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
    this.log.info(`model: ${model} chosen in the view`);
  }
}
