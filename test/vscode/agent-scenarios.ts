// What the fake model says in the browser tests of loop warnings, rollback, stop and retry.
// The task text picks the script; the replies already in the request pick the turn, so a
// retried run (same prompt) gets the same answer as the run it branched from.
import type { ScriptedTurn } from '../support/model-server';

/** Wrong fixes and the same failing check, round and round, until a rollback's nudge. */
export const LOOP_TASK = 'LOOP: make add() in math.js pass check.js';
/** The same failing command again and again, until the user stops it. */
export const STOP_TASK = 'STOP: keep checking add() until it passes';

export const CHECK_OUTPUT = 'FAIL: add(2, 3) should be 5';
/** A check that takes a moment (so a person can act on a banner) and prints one fixed line. */
export const CHECK_JS = [
  "const { add } = require('./math');",
  'setTimeout(() => {',
  `  if (add(2, 3) !== 5) { console.log('${CHECK_OUTPUT}'); process.exit(1); }`,
  "  console.log('ok: add(2, 3) === 5');",
  '}, 400);',
  '',
].join('\n');

export const ROLLBACK_NUDGE = 'The last steps were undone';

const call = (name: string, args: Record<string, unknown>, content = ''): ScriptedTurn => ({ content, toolCalls: [{ name, arguments: args }] });
const CHECK = call('run_command', { command: 'node check.js' }, 'Checking.');
const edit = (from: string, to: string) => call('edit_file', { path: 'math.js', old_string: `return ${from};`, new_string: `return ${to};` }, `Trying ${to}.`);
/** After the first wrong fix, these repeat: check, next wrong fix, check, ... */
const WRONG_FIXES = [edit('a * b', 'a / b'), edit('a / b', 'a % b'), edit('a % b', 'a * b')];
const RECOVERED = [CHECK, edit('a * b', 'a + b'), CHECK, call('finish', { summary: 'add() adds now; check.js passes.' })];

interface Message {
  role: string;
  content: string;
}

export function agentScenarioTurn(task: string, messages: Message[]): ScriptedTurn | undefined {
  const replies = messages.filter((message) => message.role === 'assistant').length;
  if (task.includes(STOP_TASK)) {
    return call('run_command', { command: `node -e "setTimeout(() => { console.log('${CHECK_OUTPUT}'); process.exit(1); }, 300)"` }, 'Checking again.');
  }
  if (!task.includes(LOOP_TASK)) return undefined;
  const nudge = messages.findIndex((message) => message.role === 'user' && message.content.includes(ROLLBACK_NUDGE));
  if (nudge >= 0) return RECOVERED[messages.slice(nudge).filter((message) => message.role === 'assistant').length] ?? CHECK;
  if (replies === 0) return call('create_file', { path: 'check.js', content: CHECK_JS }, 'Writing a check.');
  if (replies === 1) return edit('a - b', 'a * b');
  const k = replies - 2;
  return k % 2 === 0 ? CHECK : (WRONG_FIXES[((k - 1) / 2) % WRONG_FIXES.length] ?? CHECK);
}
