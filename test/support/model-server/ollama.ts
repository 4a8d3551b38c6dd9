// Ollama's OpenAI-compatible endpoint (openai/openai.go + middleware/openai.go): ids
// `chatcmpl-NNN`, `system_fingerprint: "fp_ollama"`, every delta carrying role and content,
// reasoning in `reasoning`, each tool call whole (arguments complete) in one delta with its
// `index`, finish_reason 'tool_calls' once a call was sent, and with include_usage a copy of the
// last chunk with `choices: []` and the usage. `owned_by` is the model name's namespace.
import {
  alphanumericId,
  json,
  splitText,
  unixSeconds,
  usageOf,
  type DialectProfile,
  type Reply,
  type StreamSettings,
} from './dialect';

/** Ollama's model-name namespace: `qwen3:8b` → library, `user/model` → user, `hf.co/u/m` → u. */
function namespaceOf(model: string): string {
  const parts = model.split('/');
  return parts.length >= 2 ? (parts[parts.length - 2] ?? 'library') : 'library';
}

function toolCallsOf(reply: Reply): object[] {
  return reply.toolCalls.map((call, index) => ({
    id: `call_${alphanumericId(8, 'abcdefghijklmnopqrstuvwxyz0123456789')}`,
    index,
    type: 'function',
    function: { name: call.name, arguments: call.argumentsText },
  }));
}

export const ollamaProfile: DialectProfile = {
  name: 'ollama',
  headers: {},

  modelList: (models) => ({
    object: 'list',
    data: models.map((id) => ({ id, object: 'model', created: unixSeconds(), owned_by: namespaceOf(id) })),
  }),

  routes: {
    '/': () => ({ status: 200, contentType: 'text/plain; charset=utf-8', body: 'Ollama is running' }),
    '/api/version': () => json(200, { version: '0.12.6' }),
    // /api/show as Ollama 0.12 answers it (trimmed: license, modelfile and tensors left out).
    'POST /api/show': () =>
      json(200, {
        parameters: 'stop                           "<|im_start|>"\nstop                           "<|im_end|>"',
        template: '{{- if .Messages }}…{{ end }}',
        details: { parent_model: '', format: 'gguf', family: 'qwen2', families: ['qwen2'], parameter_size: '7.6B', quantization_level: 'Q4_K_M' },
        model_info: {
          'general.architecture': 'qwen2',
          'general.parameter_count': 7615616512,
          'qwen2.attention.head_count': 28,
          'qwen2.block_count': 28,
          'qwen2.context_length': 32768,
          'qwen2.embedding_length': 3584,
        },
        capabilities: ['completion', 'tools'],
        modified_at: '2025-10-01T10:00:00.000000000Z',
      }),
    // Nothing loaded yet: Ollama loads a model on its first request, with its default window.
    '/api/ps': () => json(200, { models: [] }),
    '/api/tags': (models) =>
      json(200, {
        models: models.map((name) => ({ name, model: name, modified_at: new Date().toISOString(), size: 5_225_388_164 })),
      }),
  },
  notFound: { status: 404, contentType: 'text/plain', body: '404 page not found' },

  errorBody: (status, message) => ({
    error: {
      message,
      type: status === 400 ? 'invalid_request_error' : status === 404 ? 'not_found_error' : 'api_error',
      param: null,
      code: null,
    },
  }),

  unknownModel: (model) => ({ status: 404, message: `model "${model}" not found, try pulling it first` }),

  toolsRejected: (model) => ({
    status: 400,
    message: `registry.ollama.ai/library/${model} does not support tools`,
  }),

  streamChunks(reply: Reply, settings: StreamSettings): object[] {
    const base = {
      id: `chatcmpl-${Math.floor(Math.random() * 999)}`,
      object: 'chat.completion.chunk',
      created: unixSeconds(),
      model: settings.model,
      system_fingerprint: 'fp_ollama',
    };
    const chunk = (delta: object, finishReason: string | null = null): object => ({
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', ...delta }, finish_reason: finishReason }],
    });
    const chunks: object[] = [];
    for (const piece of splitText(reply.reasoning, settings.chunkSize)) chunks.push(chunk({ content: '', reasoning: piece }));
    for (const piece of splitText(reply.content, settings.chunkSize)) chunks.push(chunk({ content: piece }));
    if (reply.toolCalls.length > 0) chunks.push(chunk({ content: '', tool_calls: toolCallsOf(reply) }));
    const last = chunk({ content: '' }, reply.finishReason);
    chunks.push(last);
    if (settings.includeUsage) chunks.push({ ...last, choices: [], usage: usageOf(reply) });
    return chunks;
  },

  completion(reply: Reply, settings: StreamSettings): object {
    const toolCalls = toolCallsOf(reply);
    return {
      id: `chatcmpl-${Math.floor(Math.random() * 999)}`,
      object: 'chat.completion',
      created: unixSeconds(),
      model: settings.model,
      system_fingerprint: 'fp_ollama',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: reply.content,
            ...(reply.reasoning ? { reasoning: reply.reasoning } : {}),
            ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          },
          finish_reason: reply.finishReason,
        },
      ],
      usage: usageOf(reply),
    };
  },
};
