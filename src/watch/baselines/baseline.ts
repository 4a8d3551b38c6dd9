// Peer loop detectors, re-implemented from their documented rules and thresholds (PEERS.md)
// so `crux eval-detector` can compare Crux's detector with them on the same runs. Each reads
// a run call by call, the way the peer sees it live, and says where it would have fired.
import type { Action } from '../../trajectory/actions';
import { actionsOf } from '../../trajectory/actions';
import type { Trajectory } from '../../trajectory/format';
import { parseArguments } from '../facts';

export interface BaselineVerdict {
  /** The peer's first (soft) tier fired: it saw a loop. */
  loop: boolean;
  /** The peer's last tier fired: it would stop the run or hand it to the user. */
  stuck: boolean;
  /** The step at which the first tier fired. */
  firstWarningStep: number | null;
  /** The first step of the repetition it fired on. */
  firstLoopAction: number | null;
}

export interface Baseline {
  name: string;
  /** One line naming the rule and its thresholds, for reports. */
  rule: string;
  analyze(trajectory: Trajectory): BaselineVerdict;
}

export interface PlainCall {
  step: number;
  name: string;
  args: Record<string, unknown>;
  argumentsText: string;
}

/** Every tool call of a run in order, with the step it belongs to. */
export function callsOf(trajectory: Trajectory): PlainCall[] {
  return actionsOf(trajectory).flatMap((action: Action) =>
    action.calls.length > 0
      ? action.calls.map(({ call }) => ({
        step: action.index, name: call.name, argumentsText: call.argumentsText,
        args: call.arguments ?? parseArguments(call.argumentsText) ?? { _text: call.argumentsText },
      }))
      : action.turn.toolCalls.map((call) => ({
        step: action.index, name: call.name, argumentsText: call.argumentsText,
        args: call.arguments ?? parseArguments(call.argumentsText) ?? { _text: call.argumentsText },
      })));
}

export function noVerdict(): BaselineVerdict {
  return { loop: false, stuck: false, firstWarningStep: null, firstLoopAction: null };
}

/** JSON with object keys sorted at every depth and values kept exactly: two calls compare
 * equal only when their arguments are the same. */
export function exactJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
