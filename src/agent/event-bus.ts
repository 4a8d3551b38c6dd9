// Delivers agent events to listeners in order. A failing listener (a UI bug, a full disk
// in the recorder) is logged and must not stop the run or the other listeners.
import type { Log } from '../host/ports';
import type { AgentEvent, AgentEventListener } from './events';

export class EventBus {
  private readonly listeners = new Set<AgentEventListener>();

  constructor(private readonly log: Log) {}

  subscribe(listener: AgentEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AgentEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log.error(`An agent event listener failed on ${event.type}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      }
    }
  }
}
