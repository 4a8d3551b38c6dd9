// One model turn as the agent sees it: the request with its own bounded retry of a turn the
// server broke off mid-stream, and the rules for a reply that cannot be acted on (no tool call,
// or cut off by the reply limit). Kept out of agent.ts, which stays the state machine.
import { ModelError } from '../model/client';
import type { ChatMessage, ModelTurnRequest, ModelTurnResult, TokenUsage } from '../model/types';
import type { AgentEvent } from './events';
import { describeModelError } from './model-errors';
import type { ModelTurnSource } from './model-source';
import { noToolCallReminder } from './prompts';

/** New attempts at a turn after the server reported an error mid-stream (after tokens had been
 * shown, so the client does not retry it itself). */
export const MID_STREAM_RETRIES = 2;
const MID_STREAM_BACKOFF_MS = 1000;

export interface TurnRequestDeps {
  model: ModelTurnSource;
  emit: (event: AgentEvent) => void;
  /** Waits between attempts; tests pass a fast one. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  backoffMs?: number;
}

/** Asks for a turn; a mid-stream server error is recorded as a failed attempt (a non-fatal
 * error event) and the turn is asked again, a bounded number of times with backoff. */
export async function requestTurn(request: ModelTurnRequest & { signal: AbortSignal }, step: number, deps: TurnRequestDeps): Promise<ModelTurnResult> {
  const sleep = deps.sleep ?? abortableSleep;
  const backoffMs = deps.backoffMs ?? MID_STREAM_BACKOFF_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.model.turn(request);
    } catch (error) {
      const retry = error instanceof ModelError && error.midStream && attempt <= MID_STREAM_RETRIES && !request.signal.aborted;
      if (!retry) throw error;
      const delayMs = backoffMs * 2 ** (attempt - 1);
      deps.emit({
        type: 'error', step, fatal: false,
        message: `Attempt ${attempt} of this turn failed: ${describeModelError(error)} Asking again in ${formatSeconds(delayMs)} ` +
          `(retry ${attempt} of ${MID_STREAM_RETRIES}).`,
      });
      await sleep(delayMs, request.signal);
    }
  }
}

/** Adds a turn's usage (when the server reported it) to the run's total. */
export function addUsage(total: TokenUsage, usage: TokenUsage | undefined): void {
  if (!usage) return;
  total.promptTokens += usage.promptTokens;
  total.completionTokens += usage.completionTokens;
  total.totalTokens += usage.totalTokens;
}

/** The assistant message a reply leaves in the conversation. A cut-off reply keeps its text but
 * not its (incomplete) tool calls, which never run: a call without a result would be refused. */
export function assistantMessage(result: ModelTurnResult, cutOff: boolean): ChatMessage & { role: 'assistant' } {
  const calls = cutOff ? [] : result.toolCalls;
  const content = cutOff ? result.rawContent : result.content;
  return {
    role: 'assistant',
    content: content.length > 0 ? content : null,
    ...(calls.length > 0 ? {
      tool_calls: calls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.argumentsText } })),
    } : {}),
  };
}

export type ReplyVerdict =
  | { kind: 'act' }
  | { kind: 'remind'; text: string }
  | { kind: 'end'; message: string };

/** Decides what a reply leads to, counting replies that could not be acted on in a row. */
export class ReplyRules {
  private noToolCallStreak = 0;
  private cutOffStreak = 0;

  constructor(
    private readonly maxNoToolCallReplies: number,
    private readonly finishTool: string,
    private readonly replyTokens: number | undefined,
  ) {}

  judge(result: ModelTurnResult): ReplyVerdict {
    if (result.finishReason === 'length') return this.cutOff();
    this.cutOffStreak = 0;
    if (result.toolCalls.length > 0) {
      this.noToolCallStreak = 0;
      return { kind: 'act' };
    }
    this.noToolCallStreak++;
    if (this.noToolCallStreak >= this.maxNoToolCallReplies) {
      return {
        kind: 'end',
        message: `The model replied ${this.noToolCallStreak} times in a row without calling a tool. ` +
          'If it writes tool calls as text, try another --tool-format.',
      };
    }
    return { kind: 'remind', text: noToolCallReminder(this.finishTool) };
  }

  /** After a rollback the conversation no longer holds the replies counted. */
  reset(): void {
    this.noToolCallStreak = 0;
    this.cutOffStreak = 0;
  }

  /** A reply stopped by the reply limit is incomplete, not broken: say so, once. */
  private cutOff(): ReplyVerdict {
    this.cutOffStreak++;
    const limit = this.replyTokens !== undefined ? ` of ${this.replyTokens.toLocaleString('en-US')} tokens` : '';
    if (this.cutOffStreak > 1) {
      return {
        kind: 'end',
        message: `The model's reply was cut off at the reply limit${limit} twice in a row. ` +
          'Raise the reply budget (--max-tokens, crux.maxTokens) or use a model that writes shorter replies.',
      };
    }
    return {
      kind: 'remind',
      text: `Your reply was cut off at the reply limit${limit} before it was complete, so none of it was run. ` +
        'Reply again, much shorter: one tool call, no long explanation; write a large file in several smaller edits.',
    };
  }
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
