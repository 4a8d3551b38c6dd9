// The conversation of a recorded run as its model would take it up again: what a follow-up
// ("continue this run") starts from. It is rebuilt from the trajectory alone:
//   - every turn's newMessages and reply, in order; a turn that records the prompt it sent
//     (sentMessages: after a rollback, a retry from a step, a continuation, or when the context
//     window was fitted) replaces what came before with exactly that prompt, so undone steps are
//     not taken up again;
//   - after the last reply, the results of its tool calls (a call that never ran gets a result
//     saying so: a server rejects a tool call without its result) and the user's and the loop
//     watch's messages sent after it.
// A branch that did not record its first prompt needs its parent (readRun).
import type { AgentMode } from '../agent/mode';
import type { ChatMessage } from '../model/types';
import type { ModelTurnRecord, Trajectory } from './format';

export interface ContinuationStart {
  /** The run continued: the new run's header.parent is {runId, step: lastStep}. */
  runId: string;
  taskId: string;
  taskText: string;
  /** The last model turn's step; the continuation's first turn is lastStep + 1. */
  lastStep: number;
  messages: ChatMessage[];
  mode: AgentMode;
  /** How the run ended; null when it never recorded an outcome (killed, or a window reload). */
  ended: string | null;
  /** The run continued, for the loop watch to learn its steps (LoopWatch.prime). */
  source: Trajectory;
}

export class ContinuationError extends Error {
  override name = 'ContinuationError';
}

export type RunReader = (runId: string) => Promise<Trajectory>;

const NOT_RUN = 'Not run: the run ended before this call ran.';

export async function continuationOf(trajectory: Trajectory, readRun?: RunReader): Promise<ContinuationStart> {
  const turns = trajectory.events.filter((event): event is ModelTurnRecord => event.type === 'model-turn');
  const last = turns.at(-1);
  if (!last) throw new ContinuationError(`run ${trajectory.header.runId} has no model turn to continue from`);
  const messages = await conversationThrough(trajectory, last.step, readRun, 0);
  messages.push(...afterLastTurn(trajectory, last));
  return {
    runId: trajectory.header.runId, taskId: trajectory.header.task.id, taskText: trajectory.header.task.text,
    lastStep: last.step, messages, mode: trajectory.header.mode ?? 'act', ended: trajectory.outcome?.end ?? null,
    source: trajectory,
  };
}

/** The conversation through turn `step`, its reply included. */
async function conversationThrough(trajectory: Trajectory, step: number, readRun: RunReader | undefined, depth: number): Promise<ChatMessage[]> {
  const turns = trajectory.events.filter((event): event is ModelTurnRecord => event.type === 'model-turn' && event.step <= step);
  const first = turns[0];
  if (!first) throw new ContinuationError(`run ${trajectory.header.runId} has no model turn at or before step ${step}`);
  let conversation: ChatMessage[] = [];
  const parent = trajectory.header.parent;
  if (first.step !== 1 && !first.sentMessages) {
    if (!parent) throw new ContinuationError(`run ${trajectory.header.runId} starts at step ${first.step} without its earlier steps`);
    if (!readRun) throw new ContinuationError(`run ${trajectory.header.runId} continues run ${parent.runId}, which is needed to rebuild it`);
    if (depth > 100) throw new ContinuationError('the runs\' parents form a chain too long to follow (a cycle?)');
    conversation = await conversationThrough(await readRun(parent.runId), parent.step, readRun, depth + 1);
  }
  for (const turn of turns) {
    if (turn.sentMessages) conversation = structuredClone(turn.sentMessages);
    else conversation.push(...structuredClone(turn.newMessages));
    conversation.push(structuredClone(turn.assistant));
  }
  return conversation;
}

/** The messages the run added after its last reply, in file order. */
function afterLastTurn(trajectory: Trajectory, last: ModelTurnRecord): ChatMessage[] {
  const after = trajectory.events.slice(trajectory.events.indexOf(last) + 1);
  const results = new Map<string, string>();
  for (const event of after) if (event.type === 'observation') results.set(event.callId, event.output);
  const messages: ChatMessage[] = [];
  for (const call of last.assistant.tool_calls ?? []) {
    messages.push({ role: 'tool', tool_call_id: call.id, content: results.get(call.id) ?? NOT_RUN });
  }
  // The user's and the loop watch's words stay; the agent's own reminders belonged to the loop that ended.
  for (const event of after) {
    if (event.type === 'user-message' && event.source !== 'system') messages.push({ role: 'user', content: event.text });
  }
  return messages;
}
