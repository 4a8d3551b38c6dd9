// The request bodies the client sends, built from the agent's request.
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import type { ChatMessage, ModelTurnRequest, ToolSpec } from './types';
import { toWireMessages } from './wire';

function toWireTools(tools: readonly ToolSpec[]): ChatCompletionTool[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  }));
}

function asParams(messages: ChatMessage[]): ChatCompletionMessageParam[] {
  return messages;
}

/** A streamed turn. Text formats send no `tools`: the agent's system prompt describes them
 * (toolFormatInstructions). */
export function buildTurnBody(request: ModelTurnRequest): ChatCompletionCreateParamsStreaming {
  const body: ChatCompletionCreateParamsStreaming = {
    model: request.model,
    messages: asParams(toWireMessages(request.messages, request.toolFormat)),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (request.toolFormat === 'native' && request.tools.length > 0) body.tools = toWireTools(request.tools);
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  return body;
}

export const PROBE_TOOL: ToolSpec = {
  name: 'crux_probe',
  description: 'Checks that tool calling is available. Never call it.',
  parameters: { type: 'object', properties: {} },
};

/** The cheapest request that tells whether the server takes `tools` for this model. */
export function buildToolProbeBody(model: string): ChatCompletionCreateParamsNonStreaming {
  return {
    model,
    messages: [{ role: 'user', content: 'Reply with OK.' }],
    tools: toWireTools([PROBE_TOOL]),
    tool_choice: 'auto',
    max_tokens: 1,
    stream: false,
  };
}
