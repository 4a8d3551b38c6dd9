// What each server kind reports about serving a model, read from the endpoints' real shapes:
// the fakes for vLLM, llama.cpp and Ollama over HTTP, and literal bodies for the rest.
import { strict as assert } from 'node:assert';
import { FACT_READERS, describeServerFacts, type ServerFacts } from '../../src/model/server-facts';
import { planBudget } from '../../src/agent/server-budget';
import { connect } from '../../src/agent/connect';
import { ModelClient } from '../../src/model/client';
import { startModelServer, type ModelServer } from '../support/model-server';

function read(kind: keyof typeof FACT_READERS, path: string, body: Record<string, unknown>, model = 'm'): Partial<ServerFacts> {
  const reader = FACT_READERS[kind].find((candidate) => candidate.path === path);
  assert.ok(reader, `${kind} has no reader for ${path}`);
  return reader.read(body, model);
}

describe('model server facts', () => {
  let server: ModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function connected(dialect: 'vllm' | 'llamacpp' | 'ollama', model = 'qwen2.5-coder:7b') {
    server = await startModelServer({ dialect, models: [model] });
    return connect(new ModelClient({ baseUrl: server.url, retryBaseMs: 1 }), { toolFormat: 'auto' });
  }

  it('learns vLLM\'s max_model_len from /v1/models', async () => {
    const connection = await connected('vllm');
    assert.equal(connection.facts.contextTokens, 32768);
    assert.deepEqual(connection.facts.sources, ['/v1/models']);
    assert.equal(connection.toolFormat, 'native');
  });

  it('learns llama.cpp\'s slot window, trained length and template capabilities from /props and /v1/models', async () => {
    const connection = await connected('llamacpp');
    assert.deepEqual(
      { ...connection.facts },
      { contextTokens: 8192, trainedContextTokens: 40960, templateTools: true, sources: ['/props', '/v1/models'], warnings: [] },
    );
    assert.equal(describeServerFacts(connection.facts), 'context 8,192 tokens');
  });

  it('warns about Ollama\'s small default window, with the fix, when no model is loaded', async () => {
    const connection = await connected('ollama');
    assert.equal(connection.facts.contextTokens, 4096);
    assert.equal(connection.facts.trainedContextTokens, 32768);
    assert.equal(connection.facts.templateTools, true);
    assert.equal(connection.facts.warnings.length, 1);
    assert.match(connection.facts.warnings[0] ?? '', /default context window of 4,096 tokens \(the model can take 32,768\).*OLLAMA_CONTEXT_LENGTH=32768 ollama serve.*num_ctx/);
  });

  it('reads Ollama\'s loaded window from /api/ps and a Modelfile\'s num_ctx from /api/show', () => {
    const ps = { models: [{ name: 'qwen2.5:0.5b', model: 'qwen2.5:0.5b', size: 492523008, expires_at: '2026-11-02T08:15:34Z', size_vram: 0, context_length: 2048 }] };
    assert.deepEqual(read('ollama', '/api/ps', ps, 'qwen2.5:0.5b'), { contextTokens: 2048 });
    assert.deepEqual(read('ollama', '/api/ps', { models: [] }), {});
    const show = { parameters: 'num_ctx                        16384\nstop "<|im_end|>"', model_info: { 'llama.context_length': 131072 }, capabilities: ['completion'] };
    assert.deepEqual(read('ollama', '/api/show', show), { contextTokens: 16384, trainedContextTokens: 131072, templateTools: false });
  });

  it('reads a llama.cpp template that cannot carry tools, and a default n_predict', () => {
    const props = { default_generation_settings: { n_ctx: 2048, params: { n_predict: 512 } }, chat_template_caps: { supports_tools: false, supports_tool_calls: false } };
    assert.deepEqual(read('llamacpp', '/props', props), { contextTokens: 2048, replyTokens: 512, templateTools: false });
    // An older build without caps, and n_predict -1 (unlimited), say nothing about either.
    assert.deepEqual(read('llamacpp', '/props', { default_generation_settings: { n_ctx: 4096, params: { n_predict: -1 } } }), { contextTokens: 4096 });
  });

  it('reads SGLang\'s max_model_len and LM Studio\'s loaded_context_length and capabilities', () => {
    const sglang = { object: 'list', data: [{ id: 'Qwen/Qwen2.5-7B-Instruct', object: 'model', created: 1, owned_by: 'sglang', root: 'Qwen/Qwen2.5-7B-Instruct', max_model_len: 32768 }] };
    assert.deepEqual(read('sglang', '/v1/models', sglang, 'Qwen/Qwen2.5-7B-Instruct'), { contextTokens: 32768 });
    const lmstudio = {
      object: 'list',
      data: [
        { id: 'qwen2.5-7b-instruct', object: 'model', type: 'llm', publisher: 'lmstudio-community', arch: 'qwen2', compatibility_type: 'gguf', quantization: 'Q4_K_M', state: 'loaded', max_context_length: 32768, loaded_context_length: 4096, capabilities: ['tool_use'] },
        { id: 'text-embedding-nomic-embed-text-v1.5', object: 'model', type: 'embeddings', state: 'not-loaded', max_context_length: 2048 },
      ],
    };
    assert.deepEqual(read('lmstudio', '/api/v0/models', lmstudio, 'qwen2.5-7b-instruct'), { contextTokens: 4096, trainedContextTokens: 32768, templateTools: true });
    assert.deepEqual(read('lmstudio', '/api/v0/models', lmstudio, 'other'), {});
  });

  it('auto picks hermes without a probe when the server says the template cannot carry tools', async () => {
    server = await startModelServer({ dialect: 'llamacpp', models: ['m'] });
    const client = new ModelClient({ baseUrl: server.url, retryBaseMs: 1 });
    const format = await client.resolveToolFormat('auto', 'm', undefined, { templateTools: false, sources: ['/props'], warnings: [] });
    assert.equal(format, 'hermes');
    assert.equal(server.requests.length, 0);
  });
});

describe('run budget from server facts', () => {
  const facts = (contextTokens?: number, replyTokens?: number): ServerFacts => ({
    ...(contextTokens !== undefined ? { contextTokens } : {}), ...(replyTokens !== undefined ? { replyTokens } : {}), sources: [], warnings: [],
  });

  it('uses the server\'s window and sends a quarter of it as max_tokens, at most 4,096', () => {
    assert.deepEqual([planBudget(facts(2048), {}).context.contextTokens, planBudget(facts(2048), {}).maxTokens], [2048, 512]);
    assert.equal(planBudget(facts(131072), {}).maxTokens, 4096);
    assert.equal(planBudget(undefined, {}).context.contextTokens, 32768);
    assert.equal(planBudget(undefined, {}).maxTokens, 4096);
  });

  it('lowers a setting above the server\'s window, with a warning, and keeps one below it', () => {
    const above = planBudget(facts(8192), { contextTokens: 32768 });
    assert.equal(above.context.contextTokens, 8192);
    assert.match(above.warnings.join('\n'), /larger than the window the server gives the model \(8,192\); using 8,192/);
    const below = planBudget(facts(8192), { contextTokens: 4096 });
    assert.equal(below.context.contextTokens, 4096);
    assert.deepEqual(below.warnings, []);
  });

  it('keeps the reply budget within the server\'s cap and the window', () => {
    assert.equal(planBudget(facts(8192, 256), {}).maxTokens, 256);
    const tooLarge = planBudget(facts(2048), { maxTokens: 4000 });
    assert.equal(tooLarge.maxTokens, 512);
    assert.match(tooLarge.warnings.join('\n'), /does not fit the 2,048-token window/);
    assert.equal(planBudget(facts(8192), { maxTokens: 100 }).maxTokens, 100);
  });
});
