// Connects to a model server before a run: probes it, picks the model, resolves the tool
// format. Shared by the CLI and the extension so both behave the same.
import type { ModelClient } from '../model/client';
import type { ServerFacts } from '../model/server-facts';
import type { ServerInfo, ToolFormat, ToolFormatSetting } from '../model/types';

export interface Connection {
  server: ServerInfo;
  model: string;
  toolFormat: ToolFormat;
  /** What the server said about serving the model (context window, template, reply cap). */
  facts: ServerFacts;
}

export class ConnectionError extends Error {
  override name = 'ConnectionError';
}

export async function connect(
  client: ModelClient,
  settings: { model?: string; toolFormat: ToolFormatSetting },
  signal?: AbortSignal,
): Promise<Connection> {
  const server = await client.probe(signal);
  const model = chooseModel(server, settings.model);
  const facts = await client.learnFacts(server.kind, model, signal);
  const toolFormat = await client.resolveToolFormat(settings.toolFormat, model, signal, facts);
  return { server, model, toolFormat, facts };
}

function chooseModel(server: ServerInfo, requested: string | undefined): string {
  if (requested) return requested;
  if (server.models.length === 1) return server.models[0] as string;
  if (server.models.length === 0) {
    throw new ConnectionError(`The model server at ${server.baseUrl} lists no models. Load a model, or name one with --model.`);
  }
  throw new ConnectionError(
    `The model server at ${server.baseUrl} serves several models; choose one with --model: ${server.models.join(', ')}`,
  );
}
