// A run seen as its actions: one action per model turn (however many tool calls it holds),
// numbered from 1, each with its calls, observations and edits. The loop watch, the tree
// builder, `crux show` and `crux stats` all read runs this way.
import type {
  EditRecord, ModelTurnRecord, ObservationRecord, ToolCallRecord, Trajectory, TrajectoryEvent,
} from './format';

export interface ActionCall {
  call: ToolCallRecord;
  observation: ObservationRecord | null;
  edit: EditRecord | null;
}

export interface Action {
  /** 1-based, equal to the model turn's step. */
  index: number;
  turn: ModelTurnRecord;
  calls: ActionCall[];
  /** Every event of this step, in order (approvals, warnings, user messages...). */
  events: TrajectoryEvent[];
}

export function actionsOf(trajectory: Pick<Trajectory, 'events'>): Action[] {
  const actions: Action[] = [];
  const byCallId = new Map<string, ActionCall>();
  let current: Action | undefined;
  for (const event of trajectory.events) {
    if (event.type === 'model-turn') {
      current = { index: event.step, turn: event, calls: [], events: [event] };
      actions.push(current);
      continue;
    }
    if (!current || event.step !== current.index) {
      // Events before the first turn or of a later step without a turn (a crash mid-step)
      // have no action to belong to; the caller still has them in trajectory.events.
      continue;
    }
    current.events.push(event);
    if (event.type === 'tool-call') {
      const entry: ActionCall = { call: event, observation: null, edit: null };
      current.calls.push(entry);
      byCallId.set(event.callId, entry);
    } else if (event.type === 'observation') {
      const entry = byCallId.get(event.callId);
      if (entry) entry.observation = event;
    } else if (event.type === 'edit') {
      const entry = byCallId.get(event.callId);
      if (entry) entry.edit = event;
    }
  }
  return actions;
}
