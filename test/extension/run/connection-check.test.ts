// The connection line's "unavailable" state: a server that is not there gets commands that start
// one; a server that answers but offers no model to use (several, none chosen) gets pointed to
// the model picker instead.
import assert from 'node:assert/strict';
import { connect } from '../../../src/agent/connect';
import { ModelClient } from '../../../src/model/client';
import { unavailableState } from '../../../extension/run/connection-check';
import { startModelServer, type ModelServer } from '../../support/model-server';

describe('extension: the unavailable connection state', () => {
  let server: ModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function failureOf(url: string): Promise<unknown> {
    return connect(new ModelClient({ baseUrl: url, retryBaseMs: 1, maxRetries: 0 }), { toolFormat: 'auto' }).then(
      () => assert.fail('connect should fail'),
      (error: unknown) => error,
    );
  }

  it('several models and none chosen: points to the model picker, offers no start commands', async () => {
    server = await startModelServer({ models: ['small', 'large'] });
    const state = unavailableState({ modelUrl: server.url, model: '' }, await failureOf(server.url));
    assert.equal(state.status, 'unavailable');
    if (state.status !== 'unavailable') return;
    assert.match(state.error, /serves several models; choose one with the Model list beside New Chat \(the crux\.model setting\): small, large/);
    assert.deepEqual(state.startCommands, []);
  });

  it('no server: the error and the commands that start one', async () => {
    server = await startModelServer();
    const url = server.url;
    await server.close();
    server = undefined;
    const state = unavailableState({ modelUrl: url, model: '' }, await failureOf(url));
    if (state.status !== 'unavailable') return assert.fail(`status ${state.status}`);
    assert.match(state.error, /Cannot reach the model server/);
    assert.deepEqual(state.startCommands.map((command) => command.label), ['vLLM', 'Ollama', 'llama.cpp']);
  });
});
