// Writes tool calls the way models write them as text, independently of the product's
// parsers, so the end-to-end tests check the parsers against what models really emit.
import type { ScriptedToolCall } from './model-server';

export type TextFormat = 'hermes' | 'xml' | 'json';

function args(call: ScriptedToolCall): Record<string, unknown> {
  return typeof call.arguments === 'string' ? (JSON.parse(call.arguments) as Record<string, unknown>) : call.arguments;
}

export function asTextToolCalls(format: TextFormat, calls: ScriptedToolCall[]): string {
  switch (format) {
    case 'hermes':
      // Qwen 2.5 / Hermes: one JSON object per <tool_call> block, often after some prose.
      return 'I will do this next.\n' + calls.map((call) => `<tool_call>\n${JSON.stringify({ name: call.name, arguments: args(call) })}\n</tool_call>`).join('\n');
    case 'xml':
      // Qwen3-Coder style.
      return calls
        .map((call) => {
          const params = Object.entries(args(call)).map(([key, value]) => `<parameter=${key}>\n${typeof value === 'string' ? value : JSON.stringify(value)}\n</parameter>`);
          return `<tool_call>\n<function=${call.name}>\n${params.join('\n')}\n</function>\n</tool_call>`;
        })
        .join('\n');
    case 'json':
      return calls.map((call) => `Next step:\n\`\`\`json\n${JSON.stringify({ name: call.name, arguments: args(call) }, null, 2)}\n\`\`\``).join('\n');
  }
}
