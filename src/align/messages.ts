// Rebuilding the chat messages a model saw, and writing them in the shape trainers read.
// Turn N's prompt is every earlier turn's newMessages and assistant message, then turn N's
// own newMessages; when context management changed what was sent, the turn carries
// sentMessages, and those are exactly the prompt. A run that branched from another run's
// prefix may record only its own turns: its history then starts with the parent's.
// This is the rule of src/trajectory/messages.ts (messagesOfTurn; a test checks they agree),
// over the pipeline's slim runs (turns by step, no events), following branches of branches to
// any depth, and saying null rather than building a prompt across a missing turn.
import type { ModelTurnRecord } from '../trajectory/format';
import type { ChatMessage, ToolSpec } from '../model/types';

/** The turns of one run and, for a branch, where its earlier turns come from. */
export interface TurnSource {
  turns: ReadonlyMap<number, ModelTurnRecord>;
  /** The run this one continues and the last step they share; null for a run of its own. */
  parent: { source: TurnSource; step: number } | null;
}

export function turnsByStep(events: readonly { type: string }[]): Map<number, ModelTurnRecord> {
  const turns = new Map<number, ModelTurnRecord>();
  for (const event of events) {
    if (event.type === 'model-turn') {
      const turn = event as ModelTurnRecord;
      turns.set(turn.step, turn);
    }
  }
  return turns;
}

/** The conversation through turn `through` (its assistant message included), or null when a
 * turn on the way is missing (a lost line, a parent that is not there). */
export function historyThrough(source: TurnSource, through: number): ChatMessage[] | null {
  const messages: ChatMessage[] = [];
  let step = 1;
  if (!source.turns.has(1) && source.parent) {
    const shared = Math.min(source.parent.step, through);
    const inherited = historyThrough(source.parent.source, shared);
    if (!inherited) return null;
    messages.push(...inherited);
    step = shared + 1;
  }
  for (; step <= through; step++) {
    const turn = source.turns.get(step);
    if (!turn) return null;
    messages.push(...turn.newMessages, turn.assistant);
  }
  return messages;
}

/** Exactly the messages sent for turn `step`, or null when they cannot be rebuilt. */
export function promptOfTurn(source: TurnSource, step: number): ChatMessage[] | null {
  const turn = source.turns.get(step);
  if (!turn) return null;
  if (turn.sentMessages) return turn.sentMessages;
  const history = historyThrough(source, step - 1);
  return history ? [...history, ...turn.newMessages] : null;
}

/** The whole conversation of a run: through its last turn. */
export function transcriptOf(source: TurnSource): ChatMessage[] | null {
  let last = 0;
  for (const step of source.turns.keys()) last = Math.max(last, step);
  if (last === 0) return source.parent ? historyThrough(source.parent.source, source.parent.step) : [];
  return historyThrough(source, last);
}

/** `object`: tool-call arguments as JSON objects, which Hugging Face chat templates expect
 * (they render them with tojson; a string would be encoded twice). `string`: as the
 * OpenAI API and its fine-tuning files write them. */
export type ArgumentsStyle = 'object' | 'string';

export interface TrainingToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: Record<string, unknown> | string };
}

export type TrainingMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; tool_calls?: TrainingToolCall[]; weight?: 0 | 1 }
  | { role: 'tool'; content: string; tool_call_id: string; name?: string };

export interface TrainingTool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

function trainingArguments(text: string, style: ArgumentsStyle): Record<string, unknown> | string {
  if (style === 'string') return text;
  try {
    const value: unknown = JSON.parse(text);
    // Arguments that are not an object were an invalid call: kept as the text the model wrote.
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : text;
  } catch {
    return text;
  }
}

/** One message in training shape: null content becomes "" (templates test it as text). */
export function toTrainingMessage(message: ChatMessage, style: ArgumentsStyle, toolNames?: ReadonlyMap<string, string>): TrainingMessage {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'assistant': {
      const calls = message.tool_calls?.map((call): TrainingToolCall => ({
        id: call.id, type: 'function', function: { name: call.function.name, arguments: trainingArguments(call.function.arguments, style) },
      }));
      return { role: 'assistant', content: message.content ?? '', ...(calls && calls.length > 0 ? { tool_calls: calls } : {}) };
    }
    case 'tool': {
      const name = toolNames?.get(message.tool_call_id);
      return { role: 'tool', content: message.content, tool_call_id: message.tool_call_id, ...(name ? { name } : {}) };
    }
  }
}

/** A conversation in training shape; tool results also name their tool, which some chat
 * templates print. */
export function toTrainingMessages(messages: readonly ChatMessage[], style: ArgumentsStyle): TrainingMessage[] {
  const toolNames = new Map<string, string>();
  return messages.map((message) => {
    if (message.role === 'assistant') for (const call of message.tool_calls ?? []) toolNames.set(call.id, call.function.name);
    return toTrainingMessage(message, style, toolNames);
  });
}

/** Tool schemas as OpenAI "function" tools, the form chat templates take as `tools`. */
export function toTrainingTools(tools: readonly ToolSpec[]): TrainingTool[] {
  return tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } }));
}
