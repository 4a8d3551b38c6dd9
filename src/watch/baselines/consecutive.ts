// Cline and Roo Code: both count identical consecutive tool calls (tool name + parameters,
// keys sorted) and nothing else: no outputs, no errors, no cycles.
//   Cline (src/core/task/loop-detection.ts): the count starts at 1; the 3rd identical call in a
//     row injects a warning to the model (soft), the 5th escalates to the user or fails the task.
//   Roo (src/core/tools/ToolRepetitionDetector.ts): the count starts at 0 for a new call and
//     grows with each identical one; at the limit (default 3, so the 4th identical call) the
//     call is blocked and the user asked. One tier.
import type { Trajectory } from '../../trajectory/format';
import { callsOf, exactJson, noVerdict, type Baseline, type BaselineVerdict } from './baseline';

/** Cline ignores bookkeeping parameters that change between otherwise identical calls. */
const CLINE_IGNORED = new Set(['task_progress']);

function sortedJson(args: Record<string, unknown>, ignored: Set<string>): string {
  const keys = Object.keys(args).filter((key) => !ignored.has(key)).sort();
  return JSON.stringify(args, keys);
}

export const clineBaseline: Baseline = {
  name: 'cline',
  rule: 'identical consecutive calls: warn at the 3rd, escalate at the 5th',
  analyze(trajectory: Trajectory): BaselineVerdict {
    const verdict = noVerdict();
    let last: string | null = null;
    let count = 0;
    let start = 0;
    for (const call of callsOf(trajectory)) {
      const signature = `${call.name}\0${sortedJson(call.args, CLINE_IGNORED)}`;
      if (signature === last) count++;
      else {
        last = signature;
        count = 1;
        start = call.step;
      }
      if (count === 3 && !verdict.loop) {
        verdict.loop = true;
        verdict.firstWarningStep = call.step;
        verdict.firstLoopAction = start;
      }
      if (count === 5) verdict.stuck = true;
    }
    return verdict;
  },
};

export const rooBaseline: Baseline = {
  name: 'roo',
  rule: 'identical consecutive calls: block and ask the user at the 4th (limit 3)',
  analyze(trajectory: Trajectory): BaselineVerdict {
    const verdict = noVerdict();
    let previous: string | null = null;
    let count = 0;
    let start = 0;
    for (const call of callsOf(trajectory)) {
      const current = exactJson({ name: call.name, parameters: call.args });
      if (current === previous) count++;
      else {
        count = 0;
        previous = current;
        start = call.step;
      }
      if (count >= 3) {
        if (!verdict.loop) {
          verdict.loop = true;
          verdict.stuck = true;
          verdict.firstWarningStep = call.step;
          verdict.firstLoopAction = start;
        }
        // Roo resets after asking, so a later run of identical calls can fire again.
        count = 0;
        previous = null;
      }
    }
    return verdict;
  },
};
