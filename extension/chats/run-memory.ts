// A run of this window as a trajectory in memory, whatever the recording consent: a follow-up
// continues a run from its conversation (src/trajectory/continuation.ts) whether or not it was
// written to disk, and a reloaded view is shown the run so far (chat-transcript.ts). It stays in
// this window only and is never written anywhere.
import type { AgentEvent } from '../../src/agent/events';
import { eventRecord, headerRecord, outcomeRecord } from '../../src/trajectory/event-records';
import type { Trajectory, TrajectoryEvent, TrajectoryHeader, TrajectoryOutcome } from '../../src/trajectory/format';
import { TRAJECTORY_FORMAT } from '../../src/trajectory/format';

/** What a running run has shown that no record holds yet: the streamed text of the turn in
 * progress, and the output of commands still running. */
export interface InProgress {
  step: number;
  content: string;
  reasoning: string;
  /** Output so far of calls without a result, by call id (the tail, see OUTPUT_KEPT). */
  outputs: Map<string, string>;
}

/** Characters of a running command's output kept for a reloaded view (the tail). */
const OUTPUT_KEPT = 20_000;

export class RunMemory {
  private header: TrajectoryHeader | null = null;
  private readonly events: TrajectoryEvent[] = [];
  private outcome: TrajectoryOutcome | null = null;
  private current: InProgress = { step: 0, content: '', reasoning: '', outputs: new Map() };

  constructor(private readonly facts: { taskId: string; parent: TrajectoryHeader['parent'] }) {}

  observe(event: AgentEvent): void {
    const t = Date.now();
    if (event.type === 'run-started') {
      this.header = headerRecord(event, {
        createdAt: new Date(t).toISOString(), taskId: this.facts.taskId, repository: { remote: null, commit: null },
        consent: 'local', parent: this.facts.parent, source: { agent: 'crux', format: TRAJECTORY_FORMAT, file: null },
      });
      return;
    }
    if (event.type === 'run-finished') {
      this.outcome = outcomeRecord(event, t);
      return;
    }
    this.track(event);
    const record = eventRecord(event, this.events.length + 1, t);
    if (record) this.events.push(record);
  }

  trajectory(): Trajectory | null {
    return this.header ? { header: this.header, events: this.events, outcome: this.outcome, problems: [] } : null;
  }

  /** What is on screen beyond the records; null once the run ended. */
  inProgress(): InProgress | null {
    return this.outcome ? null : this.current;
  }

  private track(event: AgentEvent): void {
    const current = this.current;
    if (event.type === 'model-request') this.current = { step: event.step, content: '', reasoning: '', outputs: current.outputs };
    else if (event.type === 'model-turn') this.current = { step: event.step, content: '', reasoning: '', outputs: current.outputs };
    else if (event.type === 'model-delta' && event.delta.kind !== 'tool-call') {
      if (event.delta.kind === 'content') current.content += event.delta.text;
      else current.reasoning += event.delta.text;
    } else if (event.type === 'tool-output') {
      current.outputs.set(event.callId, ((current.outputs.get(event.callId) ?? '') + event.chunk).slice(-OUTPUT_KEPT));
    } else if (event.type === 'tool-result') current.outputs.delete(event.callId);
  }
}
