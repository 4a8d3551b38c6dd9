// The conversation one agent run holds: every message the model has been given so far, and
// the messages added since the last model turn (a turn's record holds only those). A run
// starts it fresh (system prompt and task), from another run's prompt at a step ("retry from
// here"), or as the continuation of an ended run (a follow-up): the agent is given the
// conversation and keeps being the state machine of one turn loop.
import type { ChatMessage } from '../model/types';
import type { AgentMode } from './mode';

/** Where a run takes up another run's conversation: the messages its model had been given,
 * and the step the new run's first turn is. For "retry from here" that is the prompt of
 * `step` (Agent.conversationAt); for a follow-up (continuation) it is the whole conversation
 * of the ended run, its last step + 1, and the user's new message (`followUp`). Steps count
 * on from there, so a recording of the new run lines up with its parent's steps 1..step-1. */
export interface RunFrom {
  messages: ChatMessage[];
  step: number;
  /** A continuation: the user's follow-up, added after `messages` as the user's message. */
  followUp?: string;
  /** The mode of the run continued; when it differs, the follow-up says the mode changed. */
  previousMode?: AgentMode;
}

export class Conversation {
  private readonly messages: ChatMessage[] = [];
  private pending: ChatMessage[] = [];
  /** The conversation was cut back or taken up: the next turn records what it sent. */
  private rewritten = false;

  get length(): number {
    return this.messages.length;
  }

  /** The messages as the model will be given them (before context fitting). */
  all(): readonly ChatMessage[] {
    return this.messages;
  }

  add(message: ChatMessage): void {
    this.messages.push(message);
    this.pending.push(message);
  }

  /** The assistant's reply enters the conversation; returns what was added before it (that
   * turn's newMessages) and whether the prompt was rewritten since the last turn. */
  reply(assistant: ChatMessage & { role: 'assistant' }): { newMessages: ChatMessage[]; rewritten: boolean } {
    const newMessages = this.pending;
    const rewritten = this.rewritten;
    this.pending = [];
    this.rewritten = false;
    this.messages.push(assistant);
    return { newMessages, rewritten };
  }

  /** Cuts the conversation back to its first `length` messages (a rollback). */
  cutTo(length: number): void {
    this.messages.length = length;
    this.pending = [];
    this.rewritten = true;
  }

  /** The first `length` messages, copied. */
  slice(length: number): ChatMessage[] {
    return structuredClone(this.messages.slice(0, length));
  }

  /** Starts from another run's messages. The messages after its last reply (observations,
   * nudges) are this run's first newMessages, so a recording of it holds only its own part;
   * the first turn also records the whole prompt it sent (sentMessages), so it can be rebuilt
   * without the parent. */
  takeUp(from: RunFrom): void {
    checkRunFrom(from);
    const messages = structuredClone(from.messages);
    let lastReply = messages.length - 1;
    while (lastReply >= 0 && messages[lastReply]?.role !== 'assistant') lastReply--;
    this.messages.push(...messages);
    this.pending = messages.slice(lastReply + 1);
    this.rewritten = true;
  }
}

export function checkRunFrom(from: RunFrom): void {
  if (!Number.isSafeInteger(from.step) || from.step < 1) throw new Error(`cannot start a run at step ${from.step}`);
  if (from.messages[0]?.role !== 'system') throw new Error('a run taken up from another starts with its system prompt');
  const replies = from.messages.filter((message) => message.role === 'assistant').length;
  // Each earlier step left one reply in the prompt; fewer means the prompt is not of that step.
  if (replies > from.step - 1) throw new Error(`the conversation holds ${replies} replies, more than the ${from.step - 1} steps before step ${from.step}`);
  if (from.followUp !== undefined && from.followUp.trim() === '') throw new Error('a follow-up needs some text');
  const last = from.messages.at(-1);
  if (from.followUp !== undefined && last?.role === 'assistant' && (last.tool_calls?.length ?? 0) > 0) {
    // The server rejects a tool call without its result; the continuation builder adds them.
    throw new Error('the conversation ends with tool calls that have no results');
  }
}
