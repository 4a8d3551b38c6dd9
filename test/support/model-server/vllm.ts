// vLLM's OpenAI server (vllm serve … --enable-auto-tool-choice --tool-call-parser hermes
// --reasoning-parser …), as its serving_chat writes chunks: ids `chatcmpl-<hex>`, a first chunk
// with the role and empty content, reasoning in `reasoning` (`reasoning_content` before the
// rename), a tool call's id/type/name in one delta and its arguments in later fragments under the
// same index, a finish chunk, a usage chunk with `choices: []` when include_usage is set.
import {
  hexId,
  json,
  splitText,
  unixSeconds,
  usageOf,
  type DialectProfile,
  type Reply,
  type StreamSettings,
} from './dialect';

export function vllmProfile(reasoningField: 'reasoning' | 'reasoning_content' = 'reasoning'): DialectProfile {
  return {
    name: 'vllm',
    headers: { server: 'uvicorn' },

    modelList: (models) => ({
      object: 'list',
      data: models.map((id) => ({
        id,
        object: 'model',
        created: unixSeconds(),
        owned_by: 'vllm',
        root: id,
        parent: null,
        max_model_len: 32768,
        permission: [
          {
            id: `modelperm-${hexId(16)}`,
            object: 'model_permission',
            created: unixSeconds(),
            allow_create_engine: false,
            allow_sampling: true,
            allow_logprobs: true,
            allow_search_indices: false,
            allow_view: true,
            allow_fine_tuning: false,
            organization: '*',
            group: null,
            is_blocking: false,
          },
        ],
      })),
    }),

    routes: {
      '/version': () => json(200, { version: '0.11.0' }),
      '/health': () => ({ status: 200, contentType: 'application/json', body: '' }),
    },
    notFound: json(404, { detail: 'Not Found' }),

    errorBody: (status, message) => ({
      error: { message, type: status === 404 ? 'NotFoundError' : status >= 500 ? 'InternalServerError' : 'BadRequestError', param: null, code: status },
    }),

    unknownModel: (model) => ({ status: 404, message: `The model \`${model}\` does not exist.` }),

    toolsRejected: () => ({
      status: 400,
      message: '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
    }),

    streamChunks(reply: Reply, settings: StreamSettings): object[] {
      const base = { id: `chatcmpl-${hexId(16)}`, object: 'chat.completion.chunk', created: unixSeconds(), model: settings.model };
      const chunk = (delta: object, finishReason: string | null = null): object => ({
        ...base,
        choices: [
          { index: 0, delta, logprobs: null, finish_reason: finishReason, ...(finishReason ? { stop_reason: null } : {}) },
        ],
      });
      const chunks: object[] = [chunk({ role: 'assistant', content: '' })];
      for (const piece of splitText(reply.reasoning, settings.chunkSize)) chunks.push(chunk({ [reasoningField]: piece }));
      for (const piece of splitText(reply.content, settings.chunkSize)) chunks.push(chunk({ content: piece }));
      reply.toolCalls.forEach((call, index) => {
        chunks.push(
          chunk({ tool_calls: [{ id: `chatcmpl-tool-${hexId(16)}`, type: 'function', index, function: { name: call.name } }] }),
        );
        for (const piece of splitText(call.argumentsText, settings.chunkSize)) {
          chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
        }
      });
      chunks.push(chunk(reply.toolCalls.length > 0 ? {} : { content: '' }, reply.finishReason));
      if (settings.includeUsage) chunks.push({ ...base, choices: [], usage: usageOf(reply) });
      return chunks;
    },

    completion(reply: Reply, settings: StreamSettings): object {
      const toolCalls = reply.toolCalls.map((call) => ({
        id: `chatcmpl-tool-${hexId(16)}`,
        type: 'function',
        function: { name: call.name, arguments: call.argumentsText },
      }));
      return {
        id: `chatcmpl-${hexId(16)}`,
        object: 'chat.completion',
        created: unixSeconds(),
        model: settings.model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: reply.content === '' && toolCalls.length > 0 ? null : reply.content,
              [reasoningField]: reply.reasoning === '' ? null : reply.reasoning,
              tool_calls: toolCalls,
            },
            logprobs: null,
            finish_reason: reply.finishReason,
            stop_reason: null,
          },
        ],
        usage: { ...usageOf(reply), prompt_tokens_details: null },
        prompt_logprobs: null,
      };
    },
  };
}
