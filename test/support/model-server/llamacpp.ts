// llama.cpp's llama-server (--jinja): ids `chatcmpl-<32 alphanumerics>`, a first chunk with the
// role and `content: null`, reasoning in `reasoning_content`, a tool call's index/id/type/name
// with empty arguments and then argument fragments, and a final chunk whose empty delta carries
// the finish reason together with `usage` and llama.cpp's `timings`. /v1/models says
// `owned_by: "llamacpp"` and adds an Ollama-style `models` array.
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

const BUILD = 'b6097-9515c613';

function timingsOf(reply: Reply): object {
  return {
    prompt_n: reply.promptTokens,
    prompt_ms: 20.5,
    prompt_per_token_ms: 20.5 / reply.promptTokens,
    prompt_per_second: (reply.promptTokens / 20.5) * 1000,
    predicted_n: reply.completionTokens,
    predicted_ms: 100.25,
    predicted_per_token_ms: 100.25 / reply.completionTokens,
    predicted_per_second: (reply.completionTokens / 100.25) * 1000,
  };
}

function errorType(status: number): string {
  if (status === 400) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 404) return 'not_found_error';
  if (status === 503) return 'unavailable_error';
  return 'server_error';
}

export const llamacppProfile: DialectProfile = {
  name: 'llamacpp',
  headers: {},

  modelList: (models) => ({
    models: models.map((name) => ({
      name,
      model: name,
      modified_at: '',
      size: '',
      digest: '',
      type: 'model',
      description: '',
      tags: [''],
      capabilities: ['completion'],
      parameters: '',
      details: { parent_model: '', format: 'gguf', family: '', families: [''], parameter_size: '', quantization_level: '' },
    })),
    object: 'list',
    data: models.map((id) => ({
      id,
      object: 'model',
      created: unixSeconds(),
      owned_by: 'llamacpp',
      meta: { vocab_type: 2, n_vocab: 151936, n_ctx: 8192, n_ctx_train: 40960, n_embd: 4096, n_params: 8190735360, size: 5027783488, ftype: 'Q4_K - Medium' },
    })),
  }),

  routes: {
    '/props': (models) =>
      json(200, {
        default_generation_settings: { n_ctx: 8192, params: { temperature: 0.8, top_p: 0.95, n_predict: -1, max_tokens: -1 } },
        total_slots: 1,
        model_alias: models[0] ?? 'model',
        model_path: `/models/${models[0] ?? 'model'}.gguf`,
        modalities: { vision: false, video: false, audio: false },
        chat_template: '{{ messages }}',
        chat_template_caps: {
          supports_object_arguments: true, supports_parallel_tool_calls: true, supports_preserve_reasoning: false,
          supports_reasoning_effort: false, supports_string_content: true, supports_system_role: true,
          supports_tool_calls: true, supports_tools: true, supports_typed_content: false,
        },
        bos_token: '<|endoftext|>',
        eos_token: '<|im_end|>',
        build_info: BUILD,
        is_sleeping: false,
      }),
    '/health': () => json(200, { status: 'ok' }),
  },
  notFound: json(404, { error: { code: 404, message: 'File Not Found', type: 'not_found_error' } }),

  errorBody: (status, message) => ({ error: { code: status, message, type: errorType(status) } }),

  unknownModel: undefined,

  toolsRejected: () => ({ status: 500, message: 'tools param requires --jinja flag' }),

  streamChunks(reply: Reply, settings: StreamSettings): object[] {
    const meta = { created: unixSeconds(), id: `chatcmpl-${alphanumericId(32)}`, model: settings.model, system_fingerprint: BUILD, object: 'chat.completion.chunk' };
    const chunk = (delta: object, finishReason: string | null = null): object => ({
      choices: [{ finish_reason: finishReason, index: 0, delta }],
      ...meta,
    });
    const chunks: object[] = [chunk({ role: 'assistant', content: null })];
    for (const piece of splitText(reply.reasoning, settings.chunkSize)) chunks.push(chunk({ reasoning_content: piece }));
    for (const piece of splitText(reply.content, settings.chunkSize)) chunks.push(chunk({ content: piece }));
    reply.toolCalls.forEach((call, index) => {
      const id = alphanumericId(32);
      chunks.push(chunk({ tool_calls: [{ index, id, type: 'function', function: { name: call.name, arguments: '' } }] }));
      for (const piece of splitText(call.argumentsText, settings.chunkSize)) {
        chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
      }
    });
    chunks.push({ ...chunk({}, reply.finishReason), usage: usageOf(reply), timings: timingsOf(reply) });
    return chunks;
  },

  completion(reply: Reply, settings: StreamSettings): object {
    const toolCalls = reply.toolCalls.map((call) => ({
      type: 'function',
      function: { name: call.name, arguments: call.argumentsText },
      id: alphanumericId(32),
    }));
    const message: Record<string, unknown> = { role: 'assistant', content: reply.content === '' && toolCalls.length > 0 ? null : reply.content };
    if (reply.reasoning) message['reasoning_content'] = reply.reasoning;
    if (toolCalls.length > 0) message['tool_calls'] = toolCalls;
    return {
      choices: [{ finish_reason: reply.finishReason, index: 0, message }],
      created: unixSeconds(),
      model: settings.model,
      system_fingerprint: BUILD,
      object: 'chat.completion',
      usage: usageOf(reply),
      id: `chatcmpl-${alphanumericId(32)}`,
      timings: timingsOf(reply),
    };
  },
};
