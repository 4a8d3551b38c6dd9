// The text tool-call formats, for models served without native tool calling.
import type { ToolFormat, ToolSpec } from '../types';
import { hermesFormat } from './hermes';
import { jsonFormat } from './json';
import type { TextToolFormat, TextToolFormatName } from './shared';
import { xmlFormat } from './xml';

export type { RenderableCall, TextToolFormat, TextToolFormatName, TextToolParse } from './shared';
export { renderToolList } from './shared';
export { hermesFormat, jsonFormat, xmlFormat };

const FORMATS: Record<TextToolFormatName, TextToolFormat> = {
  hermes: hermesFormat,
  xml: xmlFormat,
  json: jsonFormat,
};

export function textToolFormat(name: TextToolFormatName): TextToolFormat {
  return FORMATS[name];
}

/** The system-prompt section for a tool format: the tool list with schemas and how to call, or
 * '' for native (the server gets `tools` itself). The agent puts it into its system prompt; the
 * client does not add it, so the recorded prompt is the prompt that was sent. */
export function toolFormatInstructions(format: ToolFormat, tools: readonly ToolSpec[]): string {
  if (format === 'native' || tools.length === 0) return '';
  return FORMATS[format].instructions(tools);
}
