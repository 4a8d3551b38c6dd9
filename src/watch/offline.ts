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

export type { DetectionReport } from './detector';

export function analyzeTrajectory(trajectory: Trajectory, config: WatchConfig = DEFAULT_WATCH_CONFIG): DetectionReport {
  return detectRun(trajectory, config).report;
}

/** The report, and the step at which the live watch would first have warned. */
export function detectRun(trajectory: Trajectory, config: WatchConfig = DEFAULT_WATCH_CONFIG): { report: DetectionReport; firstWarningStep: number | null } {
  const detector = new LoopDetector(config);
  const actions = actionsOf(trajectory);
  const { finishedByCall } = feedActions(detector, actions);
  const report = detector.endRun({
    lastStep: actions.at(-1)?.index ?? 0,
    finished: trajectory.outcome?.end === 'finished' || finishedByCall,
    emptyPatch: trajectory.outcome ? trajectory.outcome.emptyPatch : null,
  });
  return { report, firstWarningStep: detector.firstWarningStep };
}

/** Feeds a run's actions to a detector, step by step, as the live watch would have seen them
 * (also how a continuation's watch learns the steps of the run it continues). */
export function feedActions(detector: LoopDetector, actions: readonly Action[]): { finishedByCall: boolean } {
  let finishedByCall = false;
  for (const action of actions) {
    const calls = stepCalls(action);
    for (const { call, result } of calls) {
      detector.beforeCall(action.index, call);
      detector.afterCall(call, result);
    }
    finishedByCall = calls.some(({ call }) => call.kind === 'finish');
    const text = action.turn.assistant.content ?? action.turn.rawContent;
    if (text) detector.streamText(action.index, text);
    detector.endStep({ step: action.index, calls, text: textHash(action.turn.assistant.content ?? action.turn.rawContent) });
  }
  return { finishedByCall };
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
