// From the agent's canonical conversation (OpenAI shapes: assistant tool_calls, role 'tool'
// results) to what is sent for a given tool format. Native sends it as is. Text formats have no
// tool roles on the wire: past calls are written back into the assistant text in the format the
// model is asked to use, and results become user messages.
import { textToolFormat } from './text-tools';
import type { ChatMessage, ToolFormat } from './types';

/** Converts canonical messages for the wire. For text formats: assistant tool_calls are rendered
 * into the assistant content; each run of tool results (and any user message right after it)
 * becomes ONE user message of `<tool_response name="NAME">…</tool_response>` blocks, so that
 * roles alternate as strict chat templates require. */
export function toWireMessages(messages: readonly ChatMessage[], format: ToolFormat): ChatMessage[] {
  if (format === 'native') return [...messages];
  const textFormat = textToolFormat(format);
  const toolNames = new Map<string, string>();
  const wire: ChatMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'assistant': {
        const calls = message.tool_calls ?? [];
        for (const call of calls) toolNames.set(call.id, call.function.name);
        const rendered = calls.map((call) =>
          textFormat.render({ name: call.function.name, argumentsText: call.function.arguments }),
        );
        const parts = [message.content ?? '', ...rendered].filter((part) => part.trim() !== '');
        wire.push({ role: 'assistant', content: parts.join('\n\n') });
        break;
      }
      case 'tool':
        appendUserText(wire, toolResponse(toolNames.get(message.tool_call_id) ?? 'tool', message.content));
        break;
      case 'user':
        appendUserText(wire, message.content);
        break;
      case 'system':
        wire.push(message);
        break;
    }
  }
  return wire;
}

export function toolResponse(name: string, content: string): string {
  return `<tool_response name="${name}">\n${content}\n</tool_response>`;
}

function appendUserText(wire: ChatMessage[], text: string): void {
  const last = wire[wire.length - 1];
  if (last?.role === 'user') {
    wire[wire.length - 1] = { role: 'user', content: `${last.content}\n\n${text}` };
    return;
  }
  wire.push({ role: 'user', content: text });
}
