// Small helpers shared by the model client tests.
import { ModelClient, type ModelClientOptions } from '../../src/model/client';
import type { ModelDelta, ModelTurnRequest, ToolFormat, ToolSpec } from '../../src/model/types';
import { startModelServer, type ModelServer, type ModelServerOptions } from '../support/model-server';

export const READ_FILE: ToolSpec = {
  name: 'read_file',
  description: 'Reads a file.',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string' }, start_line: { type: 'integer' }, verbose: { type: 'boolean' } },
    required: ['path'],
  },
};

export const RUN_COMMAND: ToolSpec = {
  name: 'run_command',
  description: 'Runs a shell command.',
  parameters: { type: 'object', properties: { command: { type: 'string' }, timeout_s: { type: 'number' } }, required: ['command'] },
};

/** Starts a fake server and a client on it; `close` stops the server. Retries are fast in tests. */
export async function serverAndClient(
  serverOptions: ModelServerOptions,
  clientOptions: Partial<ModelClientOptions> = {},
): Promise<{ server: ModelServer; client: ModelClient }> {
  const server = await startModelServer(serverOptions);
  const client = new ModelClient({ baseUrl: server.url, retryBaseMs: 1, ...clientOptions });
  return { server, client };
}

export function turnRequest(format: ToolFormat = 'native', extra: Partial<ModelTurnRequest> = {}): ModelTurnRequest {
  return {
    messages: [
      { role: 'system', content: 'You are a coding agent.' },
      { role: 'user', content: 'Fix the bug.' },
    ],
    tools: [READ_FILE, RUN_COMMAND],
    toolFormat: format,
    model: 'test-model',
    ...extra,
  };
}

/** Collects deltas and joins them per kind. */
export function deltaRecorder(): { onDelta: (delta: ModelDelta) => void; deltas: ModelDelta[]; text: (kind: 'content' | 'reasoning') => string } {
  const deltas: ModelDelta[] = [];
  return {
    deltas,
    onDelta: (delta) => deltas.push(delta),
    text: (kind) =>
      deltas
        .filter((delta): delta is Extract<ModelDelta, { kind: 'content' | 'reasoning' }> => delta.kind === kind)
        .map((delta) => delta.text)
        .join(''),
  };
}
