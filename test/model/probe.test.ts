import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ModelClient, ModelError } from '../../src/model/client';
import { kindFromListing, readModelListing, serverRoot } from '../../src/model/server-kind';
import type { ModelServer } from '../support/model-server';
import { serverAndClient } from './helpers';

/** A bare OpenAI-compatible server with one model owned by `owner` and the given side routes. */
async function bareServer(owner: string, routes: Record<string, unknown>): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    const body = path === '/v1/models' ? { object: 'list', data: [{ id: 'm', object: 'model', owned_by: owner }] } : routes[path];
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    response.end(body === undefined ? '{"detail":"Not Found"}' : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

describe('model client: server probe and tool format', () => {
  let server: ModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  for (const dialect of ['vllm', 'ollama', 'llamacpp'] as const) {
    it(`recognises ${dialect} and lists its models`, async () => {
      const models = dialect === 'ollama' ? ['qwen3:8b', 'qwen2.5-coder:7b'] : ['Qwen/Qwen3-8B'];
      const setup = await serverAndClient({ dialect, models });
      server = setup.server;
      const info = await setup.client.probe();
      assert.deepEqual(info, { baseUrl: setup.server.url, kind: dialect, models });
    });
  }

  it('recognises Ollama through /api/version when owned_by is a user namespace', async () => {
    const setup = await serverAndClient({ dialect: 'ollama', models: ['someone/coder:7b'] });
    server = setup.server;
    assert.equal((await setup.client.probe()).kind, 'ollama');
  });

  it('recognises servers from side endpoints, and says unknown when none answers', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ '/props': { default_generation_settings: { n_ctx: 4096 } } }, 'llamacpp'],
      [{ '/get_server_info': { model_path: 'Qwen/Qwen3-8B', tp_size: 1 } }, 'sglang'],
      [{ '/version': { version: '0.9.2' } }, 'vllm'],
      [{}, 'unknown'],
    ];
    for (const [routes, kind] of cases) {
      const bare = await bareServer('someone', routes);
      try {
        assert.equal((await new ModelClient({ baseUrl: bare.url }).probe()).kind, kind);
      } finally {
        await new Promise((resolve) => bare.server.close(resolve));
      }
    }
  });

  it('reads owned_by of SGLang and LM Studio, and the base URL root', () => {
    const listing = (owner: string) => readModelListing({ data: [{ id: 'm', owned_by: owner }] });
    assert.equal(kindFromListing(listing('sglang'), null), 'sglang');
    assert.equal(kindFromListing(listing('organization_owner'), null), 'lmstudio');
    assert.equal(kindFromListing(listing('someone'), 'llama.cpp'), 'llamacpp');
    assert.equal(kindFromListing(readModelListing('not a listing'), null), 'unknown');
    assert.equal(serverRoot('http://h:8000/v1/'), 'http://h:8000');
    assert.equal(serverRoot('http://h:8000/api/openai'), 'http://h:8000');
  });

  for (const dialect of ['vllm', 'ollama', 'llamacpp'] as const) {
    it(`resolves 'auto' to native when ${dialect} takes tools, and to hermes when it refuses them`, async () => {
      const accepting = await serverAndClient({ dialect });
      assert.equal(await accepting.client.resolveToolFormat('auto', 'test-model'), 'native');
      assert.deepEqual(accepting.server.requests.map((request) => [request.stream, request.tools?.length]), [[false, 1]]);
      await accepting.server.close();

      const refusing = await serverAndClient({ dialect, acceptsTools: false });
      server = refusing.server;
      assert.equal(await refusing.client.resolveToolFormat('auto', 'test-model'), 'hermes');
      assert.equal(refusing.server.requests.length, 1, 'a refusal is not retried, even as HTTP 500 (llama.cpp)');
      assert.equal(await refusing.client.resolveToolFormat('auto', 'test-model'), 'hermes');
      assert.equal(refusing.server.requests.length, 1, 'the answer is cached per model');
    });
  }

  it('returns concrete settings without asking the server', async () => {
    const setup = await serverAndClient({ acceptsTools: false });
    server = setup.server;
    for (const format of ['native', 'hermes', 'xml', 'json'] as const) {
      assert.equal(await setup.client.resolveToolFormat(format, 'test-model'), format);
    }
    assert.equal(setup.server.requests.length, 0);
  });

  it('throws other failures of the probe instead of guessing a format', async () => {
    const setup = await serverAndClient({});
    server = setup.server;
    const error = await setup.client.resolveToolFormat('auto', 'no-such-model').catch((caught: unknown) => caught);
    assert.ok(error instanceof ModelError);
    assert.equal(error.status, 404);
    assert.match(error.message, /does not exist/);
  });
});
