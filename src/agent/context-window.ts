// Fits a conversation into a small local context window. Old observations are shortened
// first (they are the bulk and the least useful later); if that is not enough, whole old
// exchanges are dropped. An assistant tool call and its tool results always stay or go
// together: servers reject a tool result without its call, and models get confused by a
// call without its result.
import { withoutNestedRules } from '../context/nested-rules';
import type { ChatMessage } from '../model/types';

export interface ContextBudget {
  /** The model's context window in tokens. */
  contextTokens: number;
  /** Tokens kept free for the model's reply. */
  replyTokens: number;
  /** The most recent observations are never shortened. */
  keepRecentObservations: number;
  /** Characters kept from the start of a shortened observation. */
  shortenedObservationChars: number;
}

export const DEFAULT_CONTEXT_BUDGET: ContextBudget = {
  contextTokens: 32_768,
  replyTokens: 4_096,
  keepRecentObservations: 4,
  shortenedObservationChars: 400,
};

/** A deliberately cheap estimate (no tokenizer for an unknown local model): about 3.5
 * characters a token for code and English, plus a per-message overhead for the template. */
export function estimateTokens(messages: readonly ChatMessage[]): number {
  let chars = 0;
  for (const message of messages) {
    chars += 16 + (message.content?.length ?? 0);
    if (message.role === 'assistant' && message.tool_calls) {
      for (const call of message.tool_calls) chars += call.function.name.length + call.function.arguments.length + 16;
    }
  }
  return Math.ceil(chars / 3.5);
}

export interface FittedContext {
  messages: ChatMessage[];
  /** False when the messages are the conversation as is. */
  changed: boolean;
  estimatedTokens: number;
}

export function fitContext(
  conversation: readonly ChatMessage[],
  budget: ContextBudget,
  toolTokens = 0,
): FittedContext {
  const limit = budget.contextTokens - budget.replyTokens - toolTokens;
  let messages = conversation.slice();
  let estimated = estimateTokens(messages);
  if (estimated <= limit) return { messages, changed: false, estimatedTokens: estimated };

  messages = shortenOldObservations(messages, budget);
  estimated = estimateTokens(messages);
  if (estimated > limit) {
    messages = dropOldExchanges(messages, limit);
    estimated = estimateTokens(messages);
  }
  return { messages, changed: true, estimatedTokens: estimated };
}

function shortenOldObservations(messages: ChatMessage[], budget: ContextBudget): ChatMessage[] {
  const observationIndexes = messages.flatMap((message, index) => (message.role === 'tool' ? [index] : []));
  const shortenable = new Set(observationIndexes.slice(0, Math.max(0, observationIndexes.length - budget.keepRecentObservations)));
  return messages.map((message, index) => {
    if (!shortenable.has(index) || message.role !== 'tool') return message;
    // A nested AGENTS.md given with the output is an instruction, not output: it stays whole.
    const output = withoutNestedRules(message.content);
    const rules = message.content.slice(output.length);
    if (output.length <= budget.shortenedObservationChars) return message;
    const kept = output.slice(0, budget.shortenedObservationChars);
    const omitted = output.length - kept.length;
    return {
      ...message,
      content: `${kept}\n[... ${omitted} characters of this old output omitted to fit the context window; run the tool again if you need them ...]${rules}`,
    };
  });
}

/** Drops the oldest exchanges after the task (system prompt and first user message are
 * kept) until the estimate fits, always leaving the latest exchange. */
function dropOldExchanges(messages: ChatMessage[], limit: number): ChatMessage[] {
  const head = messages.slice(0, firstExchangeIndex(messages));
  const exchanges = splitExchanges(messages.slice(head.length));
  let dropped = 0;
  while (exchanges.length > 1 && estimateTokens([...head, ...exchanges.flat()]) > limit) {
    exchanges.shift();
    dropped++;
  }
  if (dropped === 0) return messages;
  const marker: ChatMessage = {
    role: 'user',
    content: `[${dropped} earlier step${dropped === 1 ? '' : 's'} of this task were removed to fit the context window. Files you edited keep their changes; re-read what you need.]`,
  };
  return [...head, marker, ...exchanges.flat()];
}

function firstExchangeIndex(messages: ChatMessage[]): number {
  const firstUser = messages.findIndex((message) => message.role === 'user');
  return firstUser === -1 ? messages.length : firstUser + 1;
}

/** An exchange starts at an assistant message and runs until the next one, so a tool call
 * is never separated from its results. */
function splitExchanges(messages: ChatMessage[]): ChatMessage[][] {
  const exchanges: ChatMessage[][] = [];
  for (const message of messages) {
    const last = exchanges[exchanges.length - 1];
    if (message.role === 'assistant' || !last) exchanges.push([message]);
    else last.push(message);
  }
  return exchanges;
}
