// What every text tool-call format provides, and the parts of the prompt they share.
import type { CallSpan } from '../call-span-filter';
import type { ModelToolCall, ToolSpec } from '../types';

export type TextToolFormatName = 'hermes' | 'xml' | 'json';

export interface TextToolParse {
  /** The text with the calls removed, trimmed. */
  content: string;
  calls: ModelToolCall[];
}

/** A past call to write back into assistant text; argumentsText is JSON as in canonical messages. */
export interface RenderableCall {
  name: string;
  argumentsText: string;
}

export interface TextToolFormat {
  readonly name: TextToolFormatName;
  /** The system-prompt section that lists the tools and teaches this format. */
  instructions(tools: readonly ToolSpec[]): string;
  /** Finds the calls in a whole reply. Never throws: broken calls come back with parseError.
   * `tools` lets formats that write values as bare text (xml) type them by schema. */
  parse(text: string, tools?: readonly ToolSpec[]): TextToolParse;
  render(call: RenderableCall): string;
  /** Opening/closing markers of a call, for hiding calls from live content deltas. */
  readonly spans: readonly CallSpan[];
}

/** The tool list as JSON schemas, one per line, inside <tools> tags (the layout Qwen and Hermes
 * models were trained on, and readable for any other model). */
export function renderToolList(tools: readonly ToolSpec[]): string {
  const lines = tools.map((tool) =>
    JSON.stringify({ name: tool.name, description: tool.description, parameters: tool.parameters }),
  );
  return `<tools>\n${lines.join('\n')}\n</tools>`;
}

export function instructionsFrom(tools: readonly ToolSpec[], howToCall: string): string {
  return [
    '# Tools',
    '',
    'You can call the tools below. Each is listed with the JSON schema of its arguments:',
    '',
    renderToolList(tools),
    '',
    howToCall,
    '',
    'After your calls, stop and wait. The results come back in the next user message as',
    '<tool_response name="TOOL_NAME">…</tool_response> blocks. Never write a <tool_response> yourself.',
    'When no tool is needed, answer in plain text without any call.',
  ].join('\n');
}

/** Joins the text around removed calls with one blank line where calls were, so removing a call
 * leaves neither a pile of blank lines nor two sentences glued together. */
export function joinContent(pieces: readonly string[]): string {
  return pieces
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '')
    .join('\n\n');
}

/** The "name" a broken call meant, for the error message the model gets back. */
export function recoverName(text: string): string {
  const match = /"name"\s*:\s*"([^"\\]{1,200})"/.exec(text);
  return match?.[1] ?? '';
}
