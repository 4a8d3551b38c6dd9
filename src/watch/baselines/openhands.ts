// OpenHands' StuckDetector (openhands/controller/stuck.py), re-implemented from its rules for
// comparison. Checked after every step over the whole history (headless mode), it fires on:
//   1. the last 4 actions equal and the last 4 observations equal;
//   2. the last 3 actions equal and the last 3 observations errors (tool errors);
//   3. a monologue: the last 3 agent messages identical with no observation between them;
//   4. A,B,A,B,A,B: the last 6 actions and observations alternating.
// Actions compare with their thought text (OpenHands compares whole events); a command's
// observation compares only the command and its exit code, not the output, which is why
// polling a long-running process is flagged (OpenHands #5355). One tier: it stops the run.
// Not re-implemented: the IPython syntax-error variant of 2 and the condensation loop, which
// need OpenHands-specific observation formats.
import { actionsOf } from '../../trajectory/actions';
import type { Trajectory } from '../../trajectory/format';
import { classifyCall } from '../classify';
import { parseArguments } from '../facts';
import { exactJson, noVerdict, type Baseline, type BaselineVerdict } from './baseline';

type Entry =
  | { type: 'action'; key: string; step: number; message: boolean }
  | { type: 'observation'; key: string; step: number; error: boolean };

export const openHandsBaseline: Baseline = {
  name: 'openhands',
  rule: 'same action+observation x4, same action+error x3, identical monologue x3, A-B alternation x3 (commands compared by command and exit code)',
  analyze(trajectory: Trajectory): BaselineVerdict {
    const verdict = noVerdict();
    const history: Entry[] = [];
    for (const action of actionsOf(trajectory)) {
      const thought = (action.turn.assistant.content ?? '').trim();
      if (action.calls.length === 0) {
        history.push({ type: 'action', key: `message\0${thought}`, step: action.index, message: true });
      }
      action.calls.forEach(({ call, observation }, k) => {
        const args = call.arguments ?? parseArguments(call.argumentsText) ?? { _text: call.argumentsText };
        history.push({ type: 'action', key: `${call.name}\0${exactJson(args)}\0${k === 0 ? thought : ''}`, step: action.index, message: false });
        if (!observation) return;
        const kind = classifyCall(call.name, args, call.risk);
        const command = kind === 'execute' && observation.exitCode !== null;
        history.push({
          type: 'observation', step: action.index, error: observation.isError && !command,
          key: command ? `command\0${exactJson(args)}\0${observation.exitCode}` : `output\0${observation.isError}\0${observation.output}`,
        });
      });
      const fired = stuckAt(history);
      if (fired !== null) {
        return { loop: true, stuck: true, firstWarningStep: action.index, firstLoopAction: fired };
      }
    }
    return verdict;
  },
};

/** The first step of the pattern found at the end of the history, or null. */
function stuckAt(history: Entry[]): number | null {
  if (history.length < 3) return null;
  const actions = lastOf(history, 'action', 6);
  const observations = lastOf(history, 'observation', 6);
  const a4 = actions.slice(0, 4);
  const o4 = observations.slice(0, 4);
  if (a4.length === 4 && o4.length === 4 && allEqual(a4) && allEqual(o4)) return a4[3]?.step ?? null;
  if (a4.length === 4 && o4.length === 4 && allEqual(a4.slice(0, 3)) && o4.slice(0, 3).every((entry) => entry.type === 'observation' && entry.error)) {
    return a4[2]?.step ?? null;
  }
  const monologue = monologueStart(history);
  if (monologue !== null) return monologue;
  if (history.length >= 6 && actions.length === 6 && observations.length === 6 && alternates(actions) && alternates(observations)) {
    return actions[5]?.step ?? null;
  }
  return null;
}

/** The last `n` entries of a type, newest first. */
function lastOf(history: Entry[], type: Entry['type'], n: number): Entry[] {
  const out: Entry[] = [];
  for (let i = history.length - 1; i >= 0 && out.length < n; i--) {
    const entry = history[i];
    if (entry?.type === type) out.push(entry);
  }
  return out;
}

function allEqual(entries: Entry[]): boolean {
  return entries.every((entry) => entry.key === entries[0]?.key);
}

function alternates(entries: Entry[]): boolean {
  const [e0, e1, e2, e3, e4, e5] = entries;
  return e0?.key === e2?.key && e0?.key === e4?.key && e1?.key === e3?.key && e1?.key === e5?.key;
}

function monologueStart(history: Entry[]): number | null {
  const messages: number[] = [];
  for (let i = history.length - 1; i >= 0 && messages.length < 3; i--) {
    const entry = history[i];
    if (entry?.type === 'action' && entry.message) messages.push(i);
  }
  if (messages.length < 3) return null;
  const [last, , first] = messages as [number, number, number];
  const key = history[last]?.key;
  if (!messages.every((index) => history[index]?.key === key)) return null;
  for (let i = first + 1; i < last; i++) if (history[i]?.type === 'observation') return null;
  return history[first]?.step ?? null;
}
