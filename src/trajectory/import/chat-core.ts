// OpenAI chat transcripts (system, user, assistant with tool_calls, tool results) as Crux
// actions. Shared by the plain chat importer, OpenHands completion logs and the SWE-Gym
// OpenHands samples, which are all this shape: leading system messages and the first user
// message are the task; every later assistant message is one action; `tool` messages are the
// observations of the calls they answer.
import type { ChatMessage, TokenUsage } from '../../model/types';
import type { TrajectoryBuilder } from './builder';
import { callsOfMessage, type CallInput } from './calls';
import { asObject, asString, contentText } from './json';

export interface SourceMessage {
  role: string;
  content: string;
  calls: CallInput[];
  toolCallId: string | null;
  reasoning: string;
  /** Image or other non-text parts that were left out. */
  dropped: number;
}

/** Reads one message of any chat-log dialect; `cache_control` markers and other extras are
 * simply not carried over. Null for values that are not messages. */
export function readMessage(value: unknown): SourceMessage | null {
  const message = asObject(value);
  const role = asString(message?.role);
  if (!message || !role) return null;
  const { text, dropped } = contentText(message.content);
  const reasoning = asString(message.reasoning_content) ?? asString(message.reasoning) ?? '';
  return {
    role, content: text, calls: role === 'assistant' ? callsOfMessage(message) : [],
    toolCallId: asString(message.tool_call_id) ?? null, reasoning, dropped,
  };
}

export interface ChatTask {
  text: string;
  /** Messages before the first action: the system prompt(s) and the task. */
  preamble: ChatMessage[];
  /** Index of the first message after the task. */
  next: number;
}

/** The task of a transcript: leading system messages and the first user message. */
export function splitTask(messages: readonly SourceMessage[]): ChatTask {
  const preamble: ChatMessage[] = [];
  let index = 0;
  while (index < messages.length && messages[index]?.role === 'system') {
    preamble.push({ role: 'system', content: (messages[index] as SourceMessage).content });
    index++;
  }
  const first = messages[index];
  if (first?.role === 'user') {
    preamble.push({ role: 'user', content: first.content });
    return { text: first.content, preamble, next: index + 1 };
  }
  return { text: '', preamble, next: index };
}

export interface ChatOptions {
  /** Who wrote user messages after the task: a person ('user') or the agent framework's
   * automatic replies ('system', e.g. OpenHands' "Please continue working on the task"). */
  laterUsers: 'user' | 'system';
  /** Turns the text of a tool message into an observation (exit codes, prefixes). */
  observation?: (text: string, callName: string) => { output: string; exitCode: number | null; isError: boolean; truncated: boolean };
  /** Usage of the last assistant message (completion logs know only the final call's). */
  lastUsage?: TokenUsage | null;
  lastFinishReason?: string | null;
  lastT?: number | null;
}

/** Adds every action of a transcript to the builder. */
export function addChatActions(builder: TrajectoryBuilder, messages: readonly SourceMessage[], options: ChatOptions): void {
  const task = splitTask(messages);
  let pending: ChatMessage[] = task.preamble;
  const names = new Map<string, string>();
  let dropped = 0;
  const lastAssistant = findLastIndex(messages, (message) => message.role === 'assistant');
  messages.slice(task.next).forEach((message, offset) => {
    const index = task.next + offset;
    dropped += message.dropped;
    if (message.role === 'assistant') {
      const isLast = index === lastAssistant;
      const ids = builder.turn({
        newMessages: pending, content: message.content, reasoning: message.reasoning, calls: message.calls,
        ...(isLast ? { usage: options.lastUsage ?? null, finishReason: options.lastFinishReason ?? null, t: options.lastT ?? null } : {}),
      });
      message.calls.forEach((call, k) => names.set(call.id ?? (ids[k] as string), call.name));
      pending = [];
      return;
    }
    if (message.role === 'tool') {
      const sourceId = message.toolCallId ?? '';
      const recorded = builder.recordedId(sourceId);
      pending.push({ role: 'tool', tool_call_id: recorded ?? sourceId, content: message.content });
      const name = names.get(sourceId) ?? '';
      const parsed = options.observation?.(message.content, name) ?? { output: message.content, exitCode: null, isError: false, truncated: false };
      builder.observe(sourceId, parsed);
      return;
    }
    pending.push(message.role === 'system' ? { role: 'system', content: message.content } : { role: 'user', content: message.content });
    if (message.role === 'user' && builder.step > 0) builder.userMessage(message.content, options.laterUsers);
  });
  if (dropped > 0) builder.problem(`${dropped} non-text message part(s) (images...) were left out`);
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i] as T)) return i;
  return -1;
}

/** Exit codes OpenHands appends to command output, e.g. "[Command finished with exit code 1]". */
export function openHandsExitCode(text: string): number | null {
  const match = /\[(?:Command finished with exit code|The command completed with exit code|Command exited with code) (-?\d+)\.?\]/.exec(text);
  return match ? Number(match[1]) : null;
}

/** The observation of an OpenHands tool message: "OBSERVATION:" prefixes removed, exit code
 * read from the command's footer, "ERROR:" results marked as errors. */
export function openHandsObservation(text: string): { output: string; exitCode: number | null; isError: boolean; truncated: boolean } {
  const output = text.replace(/^OBSERVATION:\s*\n?/, '');
  const exitCode = openHandsExitCode(output);
  const isError = /^ERROR:/.test(output) || (exitCode !== null && exitCode !== 0);
  const truncated = /<response clipped>|\[\.\.\. Observation truncated due to length \.\.\.\]/.test(output);
  return { output, exitCode, isError, truncated };
}
