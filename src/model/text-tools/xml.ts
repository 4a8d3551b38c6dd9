// Qwen3-Coder style: <function=NAME><parameter=KEY>VALUE</parameter>…</function>, optionally
// wrapped in <tool_call>…</tool_call>. Values are bare text, so they are typed by the tool's
// schema: a parameter whose schema type is number, integer, boolean, array, object or null
// (and not also string) is JSON-parsed, falling back to the raw string when that fails so the
// argument validator can name the problem; everything else stays a string. String values keep
// their inner newlines exactly; one newline directly after the opening tag and one directly
// before the closing tag are layout and are removed.
import { failedToolCall, isPlainObject, newCallId, parseArgumentsText } from '../arguments';
import type { JsonSchema, ModelToolCall, ToolSpec } from '../types';
import { parseHermesBody } from './hermes';
import {
  instructionsFrom,
  joinContent,
  type RenderableCall,
  type TextToolFormat,
  type TextToolParse,
} from './shared';

const WRAP_OPEN = '<tool_call>';
const WRAP_CLOSE = '</tool_call>';
const FN_OPEN = '<function=';
const FN_CLOSE = '</function>';
const PARAM_OPEN = '<parameter=';
const PARAM_CLOSE = '</parameter>';

const HOW_TO_CALL = [
  'To call a tool, reply with this layout, one <parameter> block per argument:',
  '<tool_call>',
  '<function=TOOL_NAME>',
  '<parameter=ARGUMENT_NAME>',
  'value of the argument',
  '</parameter>',
  '<parameter=OTHER_ARGUMENT>',
  'A value may span',
  'several lines; it is taken exactly as written.',
  '</parameter>',
  '</function>',
  '</tool_call>',
  'Write strings as they are, without quotes or escaping; write numbers, booleans, arrays and objects as JSON.',
  'For several calls, write several <tool_call> blocks.',
].join('\n');

export const xmlFormat: TextToolFormat = {
  name: 'xml',
  spans: [
    { open: WRAP_OPEN, close: WRAP_CLOSE },
    { open: FN_OPEN, close: FN_CLOSE },
  ],

  instructions(tools: readonly ToolSpec[]): string {
    return instructionsFrom(tools, HOW_TO_CALL);
  },

  parse(text: string, tools: readonly ToolSpec[] = []): TextToolParse {
    const pieces: string[] = [];
    const calls: ModelToolCall[] = [];
    let position = 0;
    for (;;) {
      const wrap = text.indexOf(WRAP_OPEN, position);
      const bare = text.indexOf(FN_OPEN, position);
      if (wrap === -1 && bare === -1) break;
      const start = wrap !== -1 && (bare === -1 || wrap < bare) ? wrap : bare;
      pieces.push(text.slice(position, start));
      const region = start === wrap ? wrappedRegion(text, start) : functionRegion(text, start);
      calls.push(...parseRegion(region.body, tools));
      position = region.end;
    }
    pieces.push(text.slice(position));
    return { content: joinContent(pieces), calls };
  },

  render(call: RenderableCall): string {
    const parsed = parseArgumentsText(call.argumentsText);
    const body = parsed.arguments
      ? Object.entries(parsed.arguments).map(([key, value]) => renderParameter(key, value))
      : [call.argumentsText];
    return [WRAP_OPEN, `${FN_OPEN}${call.name}>`, ...body, FN_CLOSE, WRAP_CLOSE].join('\n');
  },
};

interface Region {
  body: string;
  end: number;
}

function wrappedRegion(text: string, start: number): Region {
  const bodyStart = start + WRAP_OPEN.length;
  const close = text.indexOf(WRAP_CLOSE, bodyStart);
  const nextOpen = text.indexOf(WRAP_OPEN, bodyStart);
  if (nextOpen !== -1 && (close === -1 || nextOpen < close)) return { body: text.slice(bodyStart, nextOpen), end: nextOpen };
  if (close === -1) return { body: text.slice(bodyStart), end: text.length };
  return { body: text.slice(bodyStart, close), end: close + WRAP_CLOSE.length };
}

function functionRegion(text: string, start: number): Region {
  const close = text.indexOf(FN_CLOSE, start + FN_OPEN.length);
  const nextOpen = text.indexOf(FN_OPEN, start + FN_OPEN.length);
  if (nextOpen !== -1 && (close === -1 || nextOpen < close)) return { body: text.slice(start, nextOpen), end: nextOpen };
  if (close === -1) return { body: text.slice(start), end: text.length };
  return { body: text.slice(start, close + FN_CLOSE.length), end: close + FN_CLOSE.length };
}

/** A region holds <function=…> blocks; a <tool_call> with JSON inside is read the hermes way. */
function parseRegion(body: string, tools: readonly ToolSpec[]): ModelToolCall[] {
  const calls: ModelToolCall[] = [];
  let start = body.indexOf(FN_OPEN);
  if (start === -1) return body.trim() === '' ? [] : parseHermesBody(body);
  while (start !== -1) {
    const next = body.indexOf(FN_OPEN, start + FN_OPEN.length);
    calls.push(parseFunction(body.slice(start, next === -1 ? body.length : next), tools));
    start = next;
  }
  return calls;
}

function parseFunction(block: string, tools: readonly ToolSpec[]): ModelToolCall {
  const nameEnd = block.indexOf('>');
  if (nameEnd === -1) return failedToolCall('', block, 'the <function=NAME> tag is not closed with ">"');
  const name = block.slice(FN_OPEN.length, nameEnd).trim();
  if (name === '') return failedToolCall('', block, 'the <function=NAME> tag has no tool name');
  const closeAt = block.indexOf(FN_CLOSE, nameEnd);
  const inner = block.slice(nameEnd + 1, closeAt === -1 ? block.length : closeAt);
  const schema = tools.find((tool) => tool.name === name)?.parameters;
  const args: Record<string, unknown> = {};
  let start = inner.indexOf(PARAM_OPEN);
  while (start !== -1) {
    const keyEnd = inner.indexOf('>', start);
    if (keyEnd === -1) return failedToolCall(name, inner, 'a <parameter=NAME> tag is not closed with ">"');
    const key = inner.slice(start + PARAM_OPEN.length, keyEnd).trim();
    const valueEnd = parameterEnd(inner, keyEnd + 1);
    args[key] = typedValue(trimLayoutNewlines(inner.slice(keyEnd + 1, valueEnd)), propertySchema(schema, key));
    const closeTag = inner.startsWith(PARAM_CLOSE, valueEnd) ? PARAM_CLOSE.length : 0;
    start = inner.indexOf(PARAM_OPEN, valueEnd + closeTag);
  }
  return { id: newCallId(), name, argumentsText: JSON.stringify(args), arguments: args };
}

/** A value ends at </parameter>, or (when the model forgot it) at the next <parameter=. */
function parameterEnd(inner: string, from: number): number {
  const close = inner.indexOf(PARAM_CLOSE, from);
  const next = inner.indexOf(PARAM_OPEN, from);
  if (close !== -1 && (next === -1 || close < next)) return close;
  return next === -1 ? inner.length : next;
}

function trimLayoutNewlines(value: string): string {
  let result = value;
  if (result.startsWith('\r\n')) result = result.slice(2);
  else if (result.startsWith('\n')) result = result.slice(1);
  if (result.endsWith('\r\n')) result = result.slice(0, -2);
  else if (result.endsWith('\n')) result = result.slice(0, -1);
  return result;
}

function propertySchema(schema: JsonSchema | undefined, key: string): JsonSchema | undefined {
  const properties = schema?.['properties'];
  if (!isPlainObject(properties)) return undefined;
  const property = properties[key];
  return isPlainObject(property) ? property : undefined;
}

const JSON_TYPES = new Set(['number', 'integer', 'boolean', 'array', 'object', 'null']);

function typedValue(raw: string, schema: JsonSchema | undefined): unknown {
  const declared = schema?.['type'];
  const types = Array.isArray(declared) ? declared : [declared];
  if (types.includes('string') || !types.some((type) => typeof type === 'string' && JSON_TYPES.has(type))) return raw;
  try {
    return JSON.parse(raw.trim());
  } catch {
    return raw;
  }
}

function renderParameter(key: string, value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `${PARAM_OPEN}${key}>\n${text}\n${PARAM_CLOSE}`;
}
