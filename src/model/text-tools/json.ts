// Fenced JSON: a ```json (or bare ```) block holding {"name": …, "arguments": …} or an array of
// those. A fenced block that is not shaped like a call stays in the content (it may be an example
// the model is showing); one that names a call but does not parse becomes a call with parseError.
import type { ModelToolCall, ToolSpec } from '../types';
import { failedToolCall } from '../arguments';
import { callFromObject } from './hermes';
import {
  instructionsFrom,
  joinContent,
  recoverName,
  type RenderableCall,
  type TextToolFormat,
  type TextToolParse,
} from './shared';

const FENCE = '```';

const HOW_TO_CALL = [
  'To call a tool, reply with a fenced JSON block holding its name and arguments:',
  '```json',
  '{"name": "TOOL_NAME", "arguments": {"ARGUMENT_NAME": "value"}}',
  '```',
  'For several calls, put a JSON array of such objects in the block.',
  'Do not use fenced JSON blocks for anything other than tool calls.',
].join('\n');

export const jsonFormat: TextToolFormat = {
  name: 'json',
  spans: [{ open: FENCE, close: FENCE }],

  instructions(tools: readonly ToolSpec[]): string {
    return instructionsFrom(tools, HOW_TO_CALL);
  },

  parse(text: string): TextToolParse {
    const pieces: string[] = [];
    const calls: ModelToolCall[] = [];
    let position = 0;
    let searchFrom = 0;
    for (;;) {
      const open = text.indexOf(FENCE, searchFrom);
      if (open === -1) break;
      const infoEnd = text.indexOf('\n', open);
      if (infoEnd === -1) break;
      const info = text.slice(open + FENCE.length, infoEnd).trim().toLowerCase();
      const close = text.indexOf(FENCE, infoEnd + 1);
      const bodyEnd = close === -1 ? text.length : close;
      const blockEnd = close === -1 ? text.length : close + FENCE.length;
      const found = info === '' || info === 'json' ? callsInBlock(text.slice(infoEnd + 1, bodyEnd)) : undefined;
      if (found) {
        pieces.push(text.slice(position, open));
        calls.push(...found);
        position = blockEnd;
      }
      searchFrom = blockEnd;
    }
    pieces.push(text.slice(position));
    return { content: joinContent(pieces), calls };
  },

  render(call: RenderableCall): string {
    let args: unknown = call.argumentsText;
    try {
      args = JSON.parse(call.argumentsText);
    } catch {
      // Broken arguments are written back as the string the model produced.
    }
    return `${FENCE}json\n${JSON.stringify({ name: call.name, arguments: args })}\n${FENCE}`;
  },
};

/** The calls in a fenced block, or undefined when the block is not a tool call at all. */
function callsInBlock(body: string): ModelToolCall[] | undefined {
  const trimmed = body.trim();
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    if (!/"name"\s*:/.test(trimmed) || !/"(arguments|parameters)"\s*:/.test(trimmed)) return undefined;
    const reason = `the fenced tool call is not valid JSON (${(error as Error).message})`;
    return [failedToolCall(recoverName(trimmed), trimmed, reason)];
  }
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0 || !items.every(looksLikeCall)) return undefined;
  return items.map((item) => callFromObject(item, trimmed));
}

function looksLikeCall(item: unknown): boolean {
  return typeof item === 'object' && item !== null && !Array.isArray(item) && 'name' in item;
}
