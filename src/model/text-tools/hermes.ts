// Hermes / Qwen style: <tool_call>{"name": "...", "arguments": {...}}</tool_call>, any number per
// reply. Tolerant of what local models actually write: a missing closing tag at the end, a
// second opening tag before the first was closed, `arguments` given as a JSON string or named
// `parameters`, a ```json fence inside the tags, and an array of calls in one block.
import { failedToolCall, isPlainObject, newCallId, parseArgumentsText } from '../arguments';
import type { ModelToolCall, ToolSpec } from '../types';
import {
  instructionsFrom,
  joinContent,
  recoverName,
  type RenderableCall,
  type TextToolFormat,
  type TextToolParse,
} from './shared';

const OPEN = '<tool_call>';
const CLOSE = '</tool_call>';

const HOW_TO_CALL = [
  'To call a tool, write a JSON object with its name and arguments between <tool_call></tool_call> tags:',
  '<tool_call>',
  '{"name": <tool-name>, "arguments": <arguments-json-object>}',
  '</tool_call>',
  'For several calls, write several <tool_call> blocks, one call in each.',
].join('\n');

export const hermesFormat: TextToolFormat = {
  name: 'hermes',
  spans: [{ open: OPEN, close: CLOSE }],

  instructions(tools: readonly ToolSpec[]): string {
    return instructionsFrom(tools, HOW_TO_CALL);
  },

  parse(text: string): TextToolParse {
    const pieces: string[] = [];
    const calls: ModelToolCall[] = [];
    let position = 0;
    let start = text.indexOf(OPEN);
    while (start !== -1) {
      pieces.push(text.slice(position, start));
      const bodyStart = start + OPEN.length;
      const close = text.indexOf(CLOSE, bodyStart);
      const nextOpen = text.indexOf(OPEN, bodyStart);
      let bodyEnd = close === -1 ? text.length : close;
      position = close === -1 ? text.length : close + CLOSE.length;
      if (nextOpen !== -1 && nextOpen < bodyEnd) {
        bodyEnd = nextOpen;
        position = nextOpen;
      }
      calls.push(...parseHermesBody(text.slice(bodyStart, bodyEnd)));
      start = text.indexOf(OPEN, position);
    }
    pieces.push(text.slice(position));
    return { content: joinContent(pieces), calls };
  },

  render(call: RenderableCall): string {
    const parsed = parseArgumentsText(call.argumentsText);
    const args = parsed.arguments ?? call.argumentsText;
    return `${OPEN}\n${JSON.stringify({ name: call.name, arguments: args })}\n${CLOSE}`;
  },
};

/** Parses the JSON between the tags into one call per object. */
export function parseHermesBody(body: string): ModelToolCall[] {
  const json = stripFence(body.trim());
  if (json === '') return [failedToolCall('', '', 'the <tool_call> block is empty')];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    const reason = `the <tool_call> block is not valid JSON (${(error as Error).message})`;
    return [failedToolCall(recoverName(json), json, reason)];
  }
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => callFromObject(item, json));
}

/** One {"name", "arguments"} object (the JSON format shares this). */
export function callFromObject(item: unknown, sourceText: string): ModelToolCall {
  if (!isPlainObject(item)) return failedToolCall('', sourceText, 'a tool call must be a JSON object');
  const name = typeof item['name'] === 'string' ? item['name'] : '';
  if (name === '') return failedToolCall('', sourceText, 'the tool call has no "name"');
  const raw = item['arguments'] ?? item['parameters'] ?? {};
  const argumentsText = typeof raw === 'string' ? raw : JSON.stringify(raw);
  const parsed = parseArgumentsText(argumentsText);
  const call: ModelToolCall = { id: newCallId(), name, argumentsText };
  if (parsed.arguments) call.arguments = parsed.arguments;
  if (parsed.parseError) call.parseError = parsed.parseError;
  return call;
}

function stripFence(text: string): string {
  if (!text.startsWith('```')) return text;
  const firstNewline = text.indexOf('\n');
  if (firstNewline === -1) return text;
  const inner = text.slice(firstNewline + 1);
  return (inner.trimEnd().endsWith('```') ? inner.trimEnd().slice(0, -3) : inner).trim();
}
