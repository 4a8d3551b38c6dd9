// Turns the live event stream of one run into the facts the detector reads: a step opens with
// its model turn, gathers its calls, results and edits, and closes when the next turn is
// about to start or the run ends.
import type { AgentEvent } from '../agent/events';
import { callFacts, callResult, parseArguments, textHash, type CallFacts, type CallResult, type StepFacts } from './facts';

interface OpenCall {
  call: CallFacts;
  result: CallResult | null;
}

export class StepTracker {
  private open: { step: number; text: string | null; calls: Map<string, OpenCall> } | null = null;
  /** The result of the latest call that ran, to stand for a blocked identical call's. */
  private lastResult: CallResult | null = null;
  private readonly blockedIds = new Set<string>();

  /** Feeds one event. Returns the facts of a call as it is announced (for the check before
   * it runs) or as its result arrives; null for everything else. */
  feed(event: AgentEvent): { announced?: CallFacts; finished?: { call: CallFacts; result: CallResult } } | null {
    switch (event.type) {
      case 'model-turn':
        this.open = { step: event.step, text: textHash(event.content), calls: new Map() };
        this.blockedIds.clear();
        return null;
      case 'tool-call': {
        if (!this.open) return null;
        const call = callFacts({
          callId: event.callId, name: event.name, args: event.arguments ?? parseArguments(event.argumentsText),
          argumentsText: event.argumentsText, risk: event.risk, valid: event.valid,
        });
        this.open.calls.set(event.callId, { call, result: null });
        return { announced: call };
      }
      case 'tool-result': {
        const entry = this.open?.calls.get(event.callId);
        if (!entry) return null;
        // A blocked call stands for one more run of the identical call before it: its result.
        if (this.blockedIds.has(event.callId) && this.lastResult) entry.result = { ...this.lastResult, change: null };
        else entry.result = callResult(entry.call, { output: event.output, isError: event.isError, exitCode: event.exitCode ?? null });
        this.lastResult = entry.result;
        return { finished: { call: entry.call, result: entry.result } };
      }
      case 'edit': {
        const entry = this.open?.calls.get(event.callId);
        if (entry?.result) entry.result = { ...entry.result, change: { path: event.edit.path, before: event.edit.beforeHash, after: event.edit.afterHash } };
        return null;
      }
      default:
        return null;
    }
  }

  /** Marks a call the watch is blocking, before its result arrives. */
  block(callId: string): void {
    this.blockedIds.add(callId);
  }

  /** Closes the open step, if any, and returns its facts. */
  close(): StepFacts | null {
    const open = this.open;
    this.open = null;
    if (!open) return null;
    return { step: open.step, text: open.text, calls: [...open.calls.values()].map(({ call, result }) => ({ call, result })) };
  }

  get step(): number | null {
    return this.open?.step ?? null;
  }
}
