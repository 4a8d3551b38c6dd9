// Rebuilding what the model saw. A model-turn record holds only the messages added since the
// turn before (newMessages), so turn N's prompt is every earlier turn's newMessages and
// assistant message, then its own newMessages; when context management shortened the
// conversation for a turn, the record holds the exact messages sent (sentMessages) instead.
//
// A branched run (header.parent set) either repeats the shared prefix in its first turn's
// newMessages (then its first turn is step 1 and it stands alone), or records only its own
// turns, from step parent.step + 1; then the prefix comes from the parent run: its
// conversation through turn parent.step, that turn's reply included.
import type { ChatMessage } from '../model/types';
import type { ModelTurnRecord, Trajectory, TrajectoryHeader } from './format';

export class TurnNotFoundError extends Error {
  override name = 'TurnNotFoundError';
}

type Turns = Pick<Trajectory, 'events'> & { header?: Pick<TrajectoryHeader, 'parent'> };

/** The exact chat messages sent to the model for the turn of `step`. `parent` is needed only
 * for a branch that does not repeat its parent's turns. */
export function messagesOfTurn(trajectory: Turns, step: number, parent?: Turns): ChatMessage[] {
  const conversation = inheritedPrefix(trajectory, parent);
  for (const turn of modelTurns(trajectory)) {
    conversation.push(...turn.newMessages);
    if (turn.step === step) return structuredClone(turn.sentMessages ?? conversation);
    conversation.push(turn.assistant);
  }
  throw new TurnNotFoundError(`The trajectory has no model turn at step ${step}.`);
}

/** The whole conversation after the last recorded turn (for export, replay and SFT data):
 * every turn's new messages and reply, in order. */
export function fullConversation(trajectory: Turns, parent?: Turns): ChatMessage[] {
  const conversation = inheritedPrefix(trajectory, parent);
  for (const turn of modelTurns(trajectory)) conversation.push(...turn.newMessages, turn.assistant);
  return structuredClone(conversation);
}

function inheritedPrefix(trajectory: Turns, parent: Turns | undefined): ChatMessage[] {
  const first = modelTurns(trajectory)[0];
  const branch = trajectory.header?.parent;
  if (!first || first.step === 1 || !branch) return [];
  if (!parent) {
    throw new TurnNotFoundError(`This run starts at step ${first.step}, after the steps it shares with run ${branch.runId}: pass that run as the parent.`);
  }
  const prefix: ChatMessage[] = [];
  for (const turn of modelTurns(parent)) {
    if (turn.step > branch.step) break;
    prefix.push(...turn.newMessages, turn.assistant);
  }
  return prefix;
}

function modelTurns(trajectory: Pick<Trajectory, 'events'>): ModelTurnRecord[] {
  return trajectory.events.filter((event): event is ModelTurnRecord => event.type === 'model-turn');
}
