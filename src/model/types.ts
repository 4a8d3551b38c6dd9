// Types of the model client: what the agent sends to a model turn and what it gets back.
// Messages use the OpenAI chat-completions shapes, since every supported server speaks them.

/** How tool calls travel between Crux and the model.
 * native: the server's `tools` / `tool_calls` (vLLM with a tool parser, Ollama, llama.cpp --jinja...).
 * hermes: `<tool_call>{"name": .., "arguments": ..}</tool_call>` written as text (Qwen, Hermes).
 * xml: `<function=NAME><parameter=KEY>VALUE</parameter></function>` written as text.
 * json: a fenced ```json block holding {"name": .., "arguments": ..}.
 * auto: native when the server accepts tools, hermes otherwise (decided per client). */
export type ToolFormat = 'native' | 'hermes' | 'xml' | 'json';
export type ToolFormatSetting = ToolFormat | 'auto';

export const TOOL_FORMATS: readonly ToolFormatSetting[] = ['auto', 'native', 'hermes', 'xml', 'json'];

/** A JSON Schema object (draft 2020-12 subset validated by ajv). */
export type JsonSchema = { [key: string]: unknown };

/** A tool as offered to the model (OpenAI "function" tool). */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: JsonSchema;
}

export interface ToolCallMessagePart {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCallMessagePart[] }
  | { role: 'tool'; content: string; tool_call_id: string };

/** A tool call as the model emitted it, before validation. */
export interface ModelToolCall {
  id: string;
  name: string;
  /** The arguments exactly as emitted (JSON text for native calls). */
  argumentsText: string;
  /** Parsed arguments, when argumentsText parsed into a JSON object. */
  arguments?: Record<string, unknown>;
  /** Why the arguments did not parse, when they did not. */
  parseError?: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** A piece of a streamed turn, for live display. */
export type ModelDelta =
  | { kind: 'content'; text: string }
  | { kind: 'reasoning'; text: string }
  | { kind: 'tool-call'; index: number; name?: string; argumentsText: string };

export interface ModelTurnRequest {
  messages: ChatMessage[];
  tools: ToolSpec[];
  /** The format actually used for this turn (never 'auto': the client resolves it). */
  toolFormat: ToolFormat;
  model: string;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  onDelta?: (delta: ModelDelta) => void;
}

export type FinishReason = 'stop' | 'tool_calls' | 'length' | 'content_filter' | 'unknown';

export interface ModelTurnResult {
  /** The visible answer, with reasoning and text tool calls removed. */
  content: string;
  /** Reasoning from `reasoning_content` / `reasoning` fields or `<think>` blocks. */
  reasoning: string;
  toolCalls: ModelToolCall[];
  /** The assistant's text exactly as streamed (think blocks and text tool calls included). */
  rawContent: string;
  finishReason: FinishReason;
  usage?: TokenUsage;
  /** Milliseconds from request to the first streamed token, and to the end. */
  firstTokenMs?: number;
  latencyMs: number;
}

export type ServerKind = 'vllm' | 'sglang' | 'ollama' | 'llamacpp' | 'lmstudio' | 'unknown';

export interface ServerInfo {
  baseUrl: string;
  kind: ServerKind;
  models: string[];
}
