// Probes the model server for the status line and before each run, and words failures for
// the editor (the core's messages name CLI flags where the editor has settings).
import { connect, ConnectionError, type Connection } from '../../src/agent/connect';
import { describeModelError } from '../../src/agent/model-errors';
import type { Log } from '../../src/host/ports';
import { ModelClient, ModelError } from '../../src/model/client';
import { describeServerFacts } from '../../src/model/server-facts';
import type { ConnectionState } from '../../src/protocol';
import type { CruxSettings } from '../settings';
import { startCommands } from './start-commands';
import { redactUrlCredentials } from '../../src/model/url-credentials';

export interface Connected {
  client: ModelClient;
  connection: Connection;
}

/** 'status': the status line's check, which should say "not there" in a second or two
 * rather than after the client's full backoff; 'run': the defaults, patient with a server
 * that is still loading its model. */
export type ConnectPurpose = 'status' | 'run';

export function createClient(settings: CruxSettings, apiKey: string | undefined, log: Log, purpose: ConnectPurpose): ModelClient {
  return new ModelClient({
    baseUrl: settings.modelUrl, ...(apiKey ? { apiKey } : {}), log, idleTimeoutMs: settings.idleTimeoutSeconds * 1000,
    ...(purpose === 'status' ? { maxRetries: 1, retryBaseMs: 300 } : {}),
  });
}

export async function connectWith(
  settings: CruxSettings, apiKey: string | undefined, log: Log, purpose: ConnectPurpose, signal?: AbortSignal,
): Promise<Connected> {
  const client = createClient(settings, apiKey, log, purpose);
  const connection = await connect(client, { ...(settings.model ? { model: settings.model } : {}), toolFormat: settings.toolFormat }, signal);
  return { client, connection };
}

export function connectedState(settings: CruxSettings, connection: Connection): ConnectionState {
  return {
    status: 'connected', serverUrl: redactUrlCredentials(settings.modelUrl), serverKind: connection.server.kind,
    model: connection.model, toolFormat: connection.toolFormat, server: describeServerFacts(connection.facts),
  };
}

export function unavailableState(settings: Pick<CruxSettings, 'modelUrl' | 'model'>, error: unknown): ConnectionState {
  return {
    status: 'unavailable', serverUrl: redactUrlCredentials(settings.modelUrl), error: describeConnectionError(error) || 'The model server did not answer.',
    // A ConnectionError: the server answered but lists no model, or several and none is
    // chosen; starting a server is not the remedy, so no start commands.
    startCommands: error instanceof ConnectionError ? [] : startCommands(redactUrlCredentials(settings.modelUrl), settings.model),
  };
}

/** Words a failure to connect or to start a run. Model and connection errors already say
 * what to do; anything else (no folder, a file system error) is shown as it is. */
export function describeConnectionError(error: unknown): string {
  if (error instanceof ConnectionError) return error.message.replace(/--model\b/g, 'the Model list beside New Chat (the crux.model setting)');
  if (error instanceof ModelError) return describeModelError(error);
  return error instanceof Error ? error.message : String(error);
}
