// Folds the parsed chunks of one streamed turn into a ModelTurnResult, emitting live deltas on
// the way. Per chunk it does work proportional to the chunk (the throughput bench guards this);
// the whole text is looked at once, at the end, to extract text-format tool calls.
import { CallSpanFilter } from './call-span-filter';
import { textToolFormat, hermesFormat, type TextToolFormat } from './text-tools';
import { ThinkSplitter } from './think-splitter';
import { ToolCallAssembler } from './tool-call-assembler';
import type { FinishReason, ModelDelta, ModelToolCall, TokenUsage, ToolFormat, ToolSpec } from './types';

/** The parts of a chat.completion.chunk this reads, all unchecked until used. */
export interface WireChunk {
  choices?: unknown;
  usage?: unknown;
}

interface WireChoice {
  index?: unknown;
  delta?: { content?: unknown; reasoning_content?: unknown; reasoning?: unknown; tool_calls?: unknown } | null;
  finish_reason?: unknown;
}

export interface AccumulatorOptions {
  format: ToolFormat;
  tools: readonly ToolSpec[];
  onDelta?: (delta: ModelDelta) => void;
  /** Start inside a think block (this model's template opens one; see ThinkSplitter). */
  assumeThinkOpen: boolean;
}

export interface TurnOutcome {
  content: string;
  reasoning: string;
  toolCalls: ModelToolCall[];
  rawContent: string;
  finishReason: FinishReason;
  usage?: TokenUsage;
  /** See ThinkSplit.openTagMissing. */
  thinkOpenTagMissing: boolean | undefined;
}

export class TurnAccumulator {
  /** performance.now() when the first content, reasoning or tool-call text arrived. */
  firstTokenAt: number | undefined;
  /** The server's finish_reason as sent, once it arrived. */
  rawFinishReason: string | undefined;
  /** Characters of reply text so far (content, reasoning, tool-call arguments), for the reply cap. */
  replyChars = 0;
  private usage: TokenUsage | undefined;
  private readonly rawParts: string[] = [];
  private readonly fieldReasoning: string[] = [];
  private readonly think: ThinkSplitter;
  private readonly nativeCalls = new ToolCallAssembler();
  private readonly spanFilter: CallSpanFilter | undefined;
  /** The text format whose calls are hidden from live content (hermes as a fallback in native). */
  private readonly textFormat: TextToolFormat;
  private textCallsShown = 0;

  constructor(private readonly options: AccumulatorOptions) {
    const onDelta = options.onDelta;
    this.textFormat = options.format === 'native' ? hermesFormat : textToolFormat(options.format);
    this.spanFilter = onDelta
      ? new CallSpanFilter(this.textFormat.spans, {
          content: (text) => onDelta({ kind: 'content', text }),
          span: (text) => this.showTextCalls(text, onDelta),
        })
      : undefined;
    const filter = this.spanFilter;
    this.think = new ThinkSplitter(
      {
        content: filter ? (text) => filter.push(text) : () => undefined,
        reasoning: onDelta ? (text) => onDelta({ kind: 'reasoning', text }) : () => undefined,
      },
      options.assumeThinkOpen,
    );
  }

  get tokensArrived(): boolean {
    return this.firstTokenAt !== undefined;
  }

  addChunk(chunk: WireChunk): void {
    const choices = chunk.choices;
    if (Array.isArray(choices)) {
      for (const raw of choices) this.addChoice(raw as WireChoice | null);
    }
    if (typeof chunk.usage === 'object' && chunk.usage !== null) this.recordUsage(chunk.usage);
  }

  finish(): TurnOutcome {
    this.think.end();
    this.spanFilter?.end();
    const split = this.think.result();
    let content = split.content;
    let toolCalls = this.nativeCalls.finish();
    if (this.options.format !== 'native') {
      const parsed = this.textFormat.parse(content, this.options.tools);
      content = parsed.content;
      toolCalls = [...parsed.calls, ...toolCalls];
    } else if (toolCalls.length === 0 && content.includes('<tool_call>')) {
      // Weak local models sometimes write hermes calls as text even when the server offers native
      // tool calling (or its parser missed them); take those rather than show them as an answer.
      const parsed = hermesFormat.parse(content, this.options.tools);
      if (parsed.calls.length > 0) {
        content = parsed.content;
        toolCalls = parsed.calls;
      }
    }
    const reasoning = [this.fieldReasoning.join(''), split.reasoning].filter((part) => part.trim() !== '');
    const outcome: TurnOutcome = {
      content: content.trim(),
      reasoning: reasoning.join('\n\n').trim(),
      toolCalls,
      rawContent: this.rawParts.join(''),
      finishReason: mapFinishReason(this.rawFinishReason, toolCalls.length > 0),
      thinkOpenTagMissing: split.openTagMissing,
    };
    if (this.usage) outcome.usage = this.usage;
    return outcome;
  }

  private addChoice(choice: WireChoice | null): void {
    if (choice === null || typeof choice !== 'object') return;
    if (typeof choice.index === 'number' && choice.index !== 0) return;
    const delta = choice.delta;
    if (delta) {
      // Some servers send both names with the same text; take one so it is not doubled.
      const reasoning =
        typeof delta.reasoning_content === 'string' && delta.reasoning_content !== ''
          ? delta.reasoning_content
          : delta.reasoning;
      if (typeof reasoning === 'string' && reasoning !== '') {
        this.markToken();
        this.replyChars += reasoning.length;
        this.fieldReasoning.push(reasoning);
        this.options.onDelta?.({ kind: 'reasoning', text: reasoning });
      }
      const content = delta.content;
      if (typeof content === 'string' && content !== '') {
        this.markToken();
        this.replyChars += content.length;
        this.rawParts.push(content);
        this.think.push(content);
      }
      const calls = delta.tool_calls;
      if (Array.isArray(calls) && calls.length > 0 && this.nativeCalls.add(calls, this.options.onDelta)) {
        this.markToken();
        this.replyChars += argumentChars(calls);
      }
    }
    if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '') {
      this.rawFinishReason = choice.finish_reason;
    }
  }

  private markToken(): void {
    if (this.firstTokenAt === undefined) this.firstTokenAt = performance.now();
  }

  /** Span-filter callback: reports text calls as tool-call deltas, or declines the span. */
  private showTextCalls(spanText: string, onDelta: (delta: ModelDelta) => void): boolean {
    const calls = this.textFormat.parse(spanText, this.options.tools).calls;
    if (calls.length === 0) return false;
    for (const call of calls) {
      const index = this.nativeCalls.count + this.textCallsShown++;
      onDelta({ kind: 'tool-call', index, name: call.name, argumentsText: call.argumentsText });
    }
    return true;
  }

  private recordUsage(raw: object): void {
    const usage = raw as { prompt_tokens?: unknown; completion_tokens?: unknown; total_tokens?: unknown };
    if (typeof usage.prompt_tokens !== 'number' || typeof usage.completion_tokens !== 'number') return;
    const total = typeof usage.total_tokens === 'number' ? usage.total_tokens : usage.prompt_tokens + usage.completion_tokens;
    this.usage = { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, totalTokens: total };
  }
}

function argumentChars(calls: unknown[]): number {
  let chars = 0;
  for (const call of calls) {
    const fn = typeof call === 'object' && call !== null ? (call as { function?: { arguments?: unknown } }).function : undefined;
    if (typeof fn?.arguments === 'string') chars += fn.arguments.length;
  }
  return chars;
}

/** Maps the server's finish_reason. A turn that produced tool calls counts as 'tool_calls' even
 * when the server said 'stop' (text formats, and servers that report calls that way). */
export function mapFinishReason(raw: string | undefined, hasToolCalls: boolean): FinishReason {
  switch (raw) {
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'stop':
    case 'eos':
    case 'end_turn':
      return hasToolCalls ? 'tool_calls' : 'stop';
    case 'length':
    case 'max_tokens':
      return 'length';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'unknown';
  }
}
