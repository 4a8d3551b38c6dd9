// What OpenHands-derived imports share: its tool list (OpenAI "function" tools) and how a run
// ended, which its logs say only through a `finish` call, an error text or running out of steps.
import type { RunEndReason } from '../../agent/events';
import type { ToolSpec } from '../../model/types';
import type { TrajectoryBuilder } from './builder';
import { asArray, asObject, asString, decodeNested } from './json';

/** OpenAI tools ([{type: 'function', function: {name, description, parameters}}]) as specs. */
export function toolSpecsOf(value: unknown): ToolSpec[] {
  const specs: ToolSpec[] = [];
  for (const item of asArray(decodeNested(value)) ?? []) {
    const fn = asObject(asObject(item)?.function) ?? asObject(item);
    const name = asString(fn?.name);
    if (!fn || !name) continue;
    specs.push({ name, description: asString(fn.description) ?? '', parameters: asObject(fn.parameters) ?? { type: 'object' } });
  }
  return specs;
}

export interface EndInfo {
  end: RunEndReason;
  message: string;
  summary: string | null;
}

/** How an OpenHands run ended: an error text (max iterations is a step limit), a finish call
 * (its message is the summary), the step cap, or a log that simply stops (interrupted). */
export function openHandsEnd(builder: TrajectoryBuilder, error: string | null, maxSteps: number | null = null): EndInfo {
  if (error) return { end: /maximum iteration/i.test(error) ? 'step-limit' : 'error', message: `OpenHands: ${error}`, summary: null };
  const last = builder.lastCall();
  if (last?.name === 'finish') {
    const args = last.arguments ?? {};
    // The finish call's message, else the text that came with it.
    const summary = asString(args.message) ?? asString(args.final_thought) ?? asString(args.summary) ?? builder.lastContent();
    return { end: 'finished', message: 'OpenHands: the agent called finish', summary: summary && summary.trim() !== '' ? summary : null };
  }
  if (maxSteps !== null && builder.step >= maxSteps) return { end: 'step-limit', message: `OpenHands: the run used all ${maxSteps} steps`, summary: null };
  return { end: 'aborted', message: 'OpenHands: the log ends without a finish call (interrupted or cut off)', summary: null };
}
