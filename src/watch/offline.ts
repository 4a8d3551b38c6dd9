// The loop watch over a finished run: a stored Crux trajectory or an imported one. It feeds
// the same detector the live watch uses, call by call and step by step, so offline reports
// and live warnings agree. Steps are actions as labels/GUIDE.md numbers them: one per model
// turn, from 1.
import type { Action } from '../trajectory/actions';
import { actionsOf } from '../trajectory/actions';
import type { Trajectory } from '../trajectory/format';
import { DEFAULT_WATCH_CONFIG, type WatchConfig } from './config';
import { LoopDetector, type DetectionReport } from './detector';
import { callFacts, callResult, parseArguments, textHash, type StepCall } from './facts';
import { oneLine, type ModelCheck } from './model-check';

export type { DetectionReport } from './detector';

export function analyzeTrajectory(trajectory: Trajectory, config: WatchConfig = DEFAULT_WATCH_CONFIG): DetectionReport {
  return detectRun(trajectory, config).report;
}

/** The report, and the step at which the live watch would first have warned. */
export function detectRun(trajectory: Trajectory, config: WatchConfig = DEFAULT_WATCH_CONFIG): { report: DetectionReport; firstWarningStep: number | null } {
  const detector = new LoopDetector(config);
  const actions = actionsOf(trajectory);
  const { finishedByCall } = feedActions(detector, actions);
  return finish(detector, trajectory, actions, finishedByCall);
}

/** Feeds a run's actions to a detector, step by step, as the live watch would have seen them
 * (also how a continuation's watch learns the steps of the run it continues). */
export function feedActions(detector: LoopDetector, actions: readonly Action[]): { finishedByCall: boolean } {
  let finishedByCall = false;
  for (const action of actions) finishedByCall = feedAction(detector, action);
  return { finishedByCall };
}

/** As detectRun, and the model check asked where it is due, as the live watch would have
 * (only when a model URL is configured: offline scores never include it otherwise). */
export async function detectRunWithModel(trajectory: Trajectory, config: WatchConfig, check: ModelCheck, onError: (error: Error) => void): Promise<{ report: DetectionReport; firstWarningStep: number | null }> {
  const detector = new LoopDetector(config);
  const actions = actionsOf(trajectory);
  let finishedByCall = false;
  for (const action of actions) {
    finishedByCall = feedAction(detector, action);
    check.record(digestOf(action));
    if (!check.due(action.index)) continue;
    try {
      const hit = await check.check(action.index);
      if (hit) detector.external(hit);
    } catch (error) {
      onError(error instanceof Error ? error : new Error(String(error)));
    }
  }
  return finish(detector, trajectory, actions, finishedByCall);
}

/** Feeds one action to the detector; whether it called finish. */
function feedAction(detector: LoopDetector, action: Action): boolean {
  const calls = stepCalls(action);
  for (const { call, result } of calls) {
    detector.beforeCall(action.index, call);
    detector.afterCall(call, result);
  }
  const text = action.turn.assistant.content ?? action.turn.rawContent;
  if (text) detector.streamText(action.index, text);
  detector.endStep({ step: action.index, calls, text: textHash(text ?? '') });
  return calls.some(({ call }) => call.kind === 'finish');
}

function finish(detector: LoopDetector, trajectory: Trajectory, actions: readonly Action[], finishedByCall: boolean): { report: DetectionReport; firstWarningStep: number | null } {
  const report = detector.endRun({
    lastStep: actions.at(-1)?.index ?? 0,
    finished: trajectory.outcome?.end === 'finished' || finishedByCall,
    emptyPatch: trajectory.outcome ? trajectory.outcome.emptyPatch : null,
  });
  return { report, firstWarningStep: detector.firstWarningStep };
}

/** The model check's view of an action: what it did and what came back. */
function digestOf(action: Action): { step: number; action: string; result: string } {
  if (action.calls.length === 0) return { step: action.index, action: `(reply without a tool call) ${oneLine(action.turn.assistant.content ?? '', 120)}`, result: '' };
  return {
    step: action.index,
    action: action.calls.map(({ call }) => `${call.name} ${oneLine(call.argumentsText, 140)}`).join('; '),
    result: action.calls.map(({ observation }) => observation ? `${observation.isError ? 'ERROR ' : ''}${oneLine(observation.output)}` : '(no result)').join(' | '),
  };
}

function stepCalls(action: Action): StepCall[] {
  if (action.calls.length === 0) {
    // A turn cut off before its calls were recorded (the last turn of a run that hit its
    // budget) still made them: count them, without results.
    return action.turn.toolCalls.map((call) => ({
      call: callFacts({
        callId: call.id, name: call.name, args: call.arguments ?? parseArguments(call.argumentsText),
        argumentsText: call.argumentsText, risk: null, valid: call.parseError === undefined,
      }),
      result: null,
    }));
  }
  return action.calls.map(({ call, observation, edit }) => {
    const facts = callFacts({
      callId: call.callId, name: call.name, args: call.arguments ?? parseArguments(call.argumentsText),
      argumentsText: call.argumentsText, risk: call.risk, valid: call.valid,
    });
    const result = observation
      ? callResult(facts, {
        output: observation.output, isError: observation.isError, exitCode: observation.exitCode,
        change: edit ? { path: edit.path, before: edit.beforeHash, after: edit.afterHash } : null,
      })
      : null;
    return { call: facts, result };
  });
}
