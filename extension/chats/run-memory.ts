// A run of this window as a trajectory in memory, whatever the recording consent: a follow-up
// continues a run from its conversation (src/trajectory/continuation.ts) whether or not it was
// written to disk. It stays in this window only and is never written anywhere.
import type { AgentEvent } from '../../src/agent/events';
import { eventRecord, headerRecord, outcomeRecord } from '../../src/trajectory/event-records';
import type { Trajectory, TrajectoryEvent, TrajectoryHeader, TrajectoryOutcome } from '../../src/trajectory/format';
import { TRAJECTORY_FORMAT } from '../../src/trajectory/format';

export class RunMemory {
  private header: TrajectoryHeader | null = null;
  private readonly events: TrajectoryEvent[] = [];
  private outcome: TrajectoryOutcome | null = null;

  constructor(private readonly facts: { taskId: string; parent: TrajectoryHeader['parent'] }) {}

  observe(event: AgentEvent): void {
    const t = Date.now();
    if (event.type === 'run-started') {
      this.header = headerRecord(event, {
        createdAt: new Date(t).toISOString(), taskId: this.facts.taskId, repository: { remote: null, commit: null },
        consent: 'local', parent: this.facts.parent, source: { agent: 'crux', format: TRAJECTORY_FORMAT, file: null },
      });
    } else if (event.type === 'run-finished') {
      this.outcome = outcomeRecord(event, t);
    } else {
      const record = eventRecord(event, this.events.length + 1, t);
      if (record) this.events.push(record);
    }
  }

  trajectory(): Trajectory | null {
    return this.header ? { header: this.header, events: this.events, outcome: this.outcome, problems: [] } : null;
  }
}
