// The hooks watchers install on an agent (see AgentHooks), run in the order they were added.
// A failing watcher is logged and skipped: it must never end the run it watches.
import type { Log } from '../host/ports';
import type { GateCall, ToolCallGate } from './tool-step';

/** How a watcher (the loop watch) takes part in a run: it may hold back a call before it runs,
 * and act between model turns, the one point where nudging, rolling back or stopping leaves
 * the conversation valid. */
export interface AgentHooks {
  beforeToolCall?: ToolCallGate;
  beforeModelTurn?: (nextStep: number) => void | Promise<void>;
}

export class HookSet {
  private readonly hooks = new Set<AgentHooks>();

  constructor(private readonly log: Log) {}

  add(hooks: AgentHooks): () => void {
    this.hooks.add(hooks);
    return () => this.hooks.delete(hooks);
  }

  /** The first watcher that blocks the call decides. */
  async beforeToolCall(call: GateCall): Promise<{ block: string } | null> {
    for (const hooks of this.hooks) {
      const verdict = await this.guard(async () => hooks.beforeToolCall?.(call), 'beforeToolCall');
      if (verdict) return verdict;
    }
    return null;
  }

  async beforeModelTurn(nextStep: number): Promise<void> {
    for (const hooks of this.hooks) await this.guard(async () => hooks.beforeModelTurn?.(nextStep), 'beforeModelTurn');
  }

  private async guard<T>(hook: () => Promise<T>, name: string): Promise<T | undefined> {
    try {
      return await hook();
    } catch (error) {
      this.log.error(`An agent hook failed in ${name}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return undefined;
    }
  }
}
