// What the fake model says in the editor-experience tests (editor-flow.ts): focus safety, a
// denial with a reason, markdown in model text and the summary (with injection attempts), and
// a run for the keyboard-only walkthrough that waits on the model until it is stopped.
import type { ScriptedTurn } from '../support/model-server';

/** Asks to create a file (denied with a reason), then to run a command, then finishes. */
export const EDITOR_TASK = 'EDITOR: write notes/editor.txt, then check node works';
/** Asks to create a file (approved with Alt+A), then the model never answers (stopped with Escape). */
export const KEYS_TASK = 'KEYS: write notes/keys.txt and wait';

export const DENY_REASON = 'write it under docs/ instead';
export const MODEL_MARKDOWN = 'I will **create** `notes/editor.txt` first.';
export const CODE_LINE = 'function add(a, b) { return a + b; }';
/** Markdown with the usual injection attempts: each must end up inert. */
export const SUMMARY_MARKDOWN = [
  '## Done',
  '',
  'The file was **not** written; you asked for *docs/* instead.',
  '',
  '- checked node',
  '- kept math.js',
  '',
  '| file | state |',
  '|---|---|',
  '| notes/editor.txt | denied |',
  '',
  '```js',
  CODE_LINE,
  '```',
  '',
  '<img src=x onerror="window.__cruxXss=1"><script>window.__cruxXss=2</script>',
  '',
  '[a link](javascript:window.__cruxXss=3) and <a href="#" onclick="window.__cruxXss=4">raw</a>',
].join('\n');

const call = (name: string, args: Record<string, unknown>, content = ''): ScriptedTurn => ({ content, toolCalls: [{ name, arguments: args }] });

const EDITOR_SCRIPT: ScriptedTurn[] = [
  call('create_file', { path: 'notes/editor.txt', content: 'from the editor test\n' }, MODEL_MARKDOWN),
  call('run_command', { command: 'node -e "console.log(42)"' }, 'Checking that node runs.'),
  call('finish', { summary: SUMMARY_MARKDOWN }, 'All done.'),
];

export function editorScenarioTurn(task: string, replies: number): ScriptedTurn | undefined {
  if (task.includes(EDITOR_TASK)) return EDITOR_SCRIPT[replies] ?? call('finish', { summary: 'done' });
  if (task.includes(KEYS_TASK)) return replies === 0 ? call('create_file', { path: 'notes/keys.txt', content: 'keys\n' }, 'Creating it.') : { kind: 'hang' };
  return undefined;
}
