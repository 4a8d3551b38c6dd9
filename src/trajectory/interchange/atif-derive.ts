// What an ATIF document says about a Crux model turn without Crux's extras: the turn's new
// messages (the previous agent step's observations as tool messages, then this turn's system
// and user steps), its tool calls and its assistant message. The exporter writes an override
// under extra.crux only where this derivation would not give back the recorded value, and the
// importer applies the same derivation, so the two always agree.
import type { ChatMessage, ModelToolCall } from '../../model/types';
import type { AtifContentPart, AtifObservationResult, AtifStep, AtifToolCall } from './atif-types';

/** JSON with keys sorted, for comparing values whatever order their keys were written in. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record).filter((key) => record[key] !== undefined).sort().map((key) => `${JSON.stringify(key)}:${stableJson(record[key])}`).join(',')}}`;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

/** ATIF message or observation content as text: a string, or v1.6 content parts whose text
 * parts are joined (others, images, are counted in `dropped`). */
export function contentOf(content: string | AtifContentPart[] | null | undefined): { text: string; dropped: number } {
  if (typeof content === 'string') return { text: content, dropped: 0 };
  if (!Array.isArray(content)) return { text: '', dropped: 0 };
  let dropped = 0;
  const texts: string[] = [];
  for (const part of content) {
    if (part && typeof part === 'object' && typeof part.text === 'string') texts.push(part.text);
    else dropped++;
  }
  return { text: texts.join(''), dropped };
}

/** A call's arguments as the JSON object ATIF requires: the parsed arguments, or {} for an
 * invalid call (whose text then travels in extra.crux). */
export function toolCallArguments(call: ModelToolCall): Record<string, unknown> {
  if (call.arguments) return call.arguments;
  try {
    const value: unknown = JSON.parse(call.argumentsText);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // An invalid call: ATIF still wants an object.
  }
  return {};
}

export function derivedToolCalls(calls: readonly AtifToolCall[]): ModelToolCall[] {
  return calls.map((call) => ({ id: call.tool_call_id, name: call.function_name, argumentsText: JSON.stringify(call.arguments ?? {}), arguments: call.arguments ?? {} }));
}

export function derivedAssistant(content: string, _calls: readonly AtifToolCall[], toolCalls: readonly ModelToolCall[]): ChatMessage & { role: 'assistant' } {
  return {
    role: 'assistant',
    content: content === '' && toolCalls.length > 0 ? null : content,
    ...(toolCalls.length > 0 ? {
      tool_calls: toolCalls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.argumentsText } })),
    } : {}),
  };
}

/** The new messages of a turn: the previous agent step's observations (as tool messages, in
 * order), then the system and user steps since. */
export function derivedNewMessages(steps: readonly Pick<AtifStep, 'source' | 'message'>[], previous: readonly AtifObservationResult[]): ChatMessage[] {
  const messages: ChatMessage[] = previous.map((result) => ({ role: 'tool', tool_call_id: result.source_call_id ?? '', content: contentOf(result.content).text }));
  for (const step of steps) {
    if (step.source === 'system' || step.source === 'user') messages.push({ role: step.source, content: contentOf(step.message).text });
  }
  return messages;
}
