// Turning a tool call's argument text into an object without ever throwing: a model that writes
// broken JSON should get an observation saying so, not crash the run.
import { randomUUID } from 'node:crypto';
import type { ModelToolCall } from './types';

export interface ParsedArguments {
  arguments?: Record<string, unknown>;
  parseError?: string;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Empty text means "no arguments" ({}); a JSON string holding an object (double-encoded, which
 * some models do) is unwrapped once; anything else that is not an object is an error. */
export function parseArgumentsText(text: string): ParsedArguments {
  const trimmed = text.trim();
  if (trimmed === '') return { arguments: {} };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    return { parseError: `the arguments are not valid JSON (${(error as Error).message})` };
  }
  if (typeof value === 'string') {
    try {
      const inner: unknown = JSON.parse(value);
      if (isPlainObject(inner)) return { arguments: inner };
    } catch {
      // A plain string stays an error below.
    }
  }
  if (isPlainObject(value)) return { arguments: value };
  return { parseError: `the arguments must be a JSON object, not ${describeJsonValue(value)}` };
}

/** Ids for calls the server did not name (text formats, servers that omit ids). They must be
 * unique across a conversation because tool results are matched to calls by id. */
export function newCallId(): string {
  return `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
}

export function toolCallFromText(id: string, name: string, argumentsText: string): ModelToolCall {
  const call: ModelToolCall = { id, name, argumentsText };
  const parsed = parseArgumentsText(argumentsText);
  if (parsed.arguments) call.arguments = parsed.arguments;
  if (parsed.parseError) call.parseError = parsed.parseError;
  return call;
}

export function failedToolCall(name: string, argumentsText: string, parseError: string): ModelToolCall {
  return { id: newCallId(), name, argumentsText, parseError };
}
