// What the agent remembers to roll a run back to the start of an earlier step: where each
// step's turn began in the conversation, which checkpoint was taken first at or after it,
// and whether any call since then may have changed files. Fed from the agent's own events.
import type { AgentEvent } from './events';

export interface RollbackPlan {
  /** Messages to keep: everything the model had seen before the step's turn. */
  conversationLength: number;
  /** The first checkpoint taken at or after the step (the workspace as it was then); null
   * when none was taken since. */
  checkpointId: string | null;
  /** A call approved at or after the step may have changed files. */
  changedSince: boolean;
}

export class RollbackError extends Error {
  override name = 'RollbackError';
}

export class RunMarks {
  private readonly turnStarts = new Map<number, number>();
  /** The conversation length when each step's model call was made (nudges added at the safe
   * point before it included): the prompt of that step, for starting a run from it. */
  private readonly prompts = new Map<number, number>();
  private checkpoints: { step: number; id: string }[] = [];
  private lastChangeStep = 0;
  /** Risk of each call of the current step, until its approval is seen. */
  private readonly risks = new Map<string, string>();

  /** The conversation length before this step's turn (before any message added for it). */
  turnStart(step: number, conversationLength: number): void {
    this.turnStarts.set(step, conversationLength);
  }

  /** The conversation length as the model was called for this step. */
  promptSent(step: number, conversationLength: number): void {
    this.prompts.set(step, conversationLength);
  }

  /** The conversation length of this step's prompt; undefined for a step that did not run
   * in this agent or was undone by a rollback. */
  promptLength(step: number): number | undefined {
    return this.prompts.get(step);
  }

  observe(event: AgentEvent): void {
    if (event.type === 'model-turn') this.risks.clear();
    else if (event.type === 'tool-call' && event.valid) this.risks.set(event.callId, event.risk);
    else if (event.type === 'approval' && event.approved && (this.risks.get(event.callId) ?? 'read') !== 'read') this.lastChangeStep = event.step;
    else if (event.type === 'checkpoint') this.checkpoints.push({ step: event.step, id: event.checkpointId });
  }

  plan(step: number): RollbackPlan {
    const conversationLength = this.turnStarts.get(step);
    if (conversationLength === undefined) throw new RollbackError(`cannot roll back to step ${step}: no such step in this run`);
    const checkpoint = this.checkpoints.find((entry) => entry.step >= step);
    return { conversationLength, checkpointId: checkpoint?.id ?? null, changedSince: this.lastChangeStep >= step };
  }

  /** Forgets what happened from this step on (it was rolled back). */
  forget(step: number): void {
    for (const key of [...this.turnStarts.keys()]) if (key > step) this.turnStarts.delete(key);
    // The step itself is cut back to its turn start too: what its prompt held after that is gone.
    for (const key of [...this.prompts.keys()]) if (key >= step) this.prompts.delete(key);
    this.checkpoints = this.checkpoints.filter((entry) => entry.step < step);
    if (this.lastChangeStep >= step) this.lastChangeStep = step - 1;
  }
}
