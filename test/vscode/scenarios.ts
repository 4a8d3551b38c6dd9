// What the fake model says in the real-VS-Code tests. One server serves every test: the
// task text picks the script, and the number of assistant messages already in the request
// is the step, so the scripts do not depend on request order or on probe requests.
import type { ChatRequestRecord, ScriptedTurn } from '../support/model-server';
import { agentScenarioTurn } from './agent-scenarios';
import { editorScenarioTurn } from './editor-scenarios';
import { chatScenarioTurn } from './chat-scenarios';
import { chatToolsScenarioTurn } from './chat-tools-scenarios';
import { rulesScenarioTurn } from './rules-flow';

export const MODEL = 'crux-test-model';

/** Driven through the webview by playwright: read, edit (approved inline), test, finish. */
export const UI_TASK = 'Fix the failing test: add() in math.js returns the wrong result.';
/** Run by the in-extension-host suite through the crux.runTask command. */
export const IN_HOST_TASK = 'IN-HOST: create notes/hello.txt saying hello';
/** The model never answers this one, so the run waits until it is stopped. */
export const HANG_TASK = 'IN-HOST: wait for a model that never answers';

export const UI_TEXT = {
  reasoning: 'The test calls add(2, 3) and expects 5, so I should look at math.js.',
  firstAnswer: "I'll read math.js to see what add() does.",
  secondAnswer: 'add() subtracts instead of adding. Fixing the operator.',
  summary: 'add() in math.js used "-" instead of "+"; fixed it and node test.js passes.',
};

export const HELLO_CONTENT = 'hello from crux\n';

const UI_SCRIPT: ScriptedTurn[] = [
  { reasoning: UI_TEXT.reasoning, content: UI_TEXT.firstAnswer, toolCalls: [{ name: 'read_file', arguments: { path: 'math.js' } }] },
  {
    content: UI_TEXT.secondAnswer,
    toolCalls: [{ name: 'edit_file', arguments: { path: 'math.js', old_string: 'return a - b;', new_string: 'return a + b;' } }],
  },
  { content: 'Running the test.', toolCalls: [{ name: 'run_command', arguments: { command: 'node test.js' } }] },
  { content: 'The test passes.', toolCalls: [{ name: 'finish', arguments: { summary: UI_TEXT.summary } }] },
];

const IN_HOST_SCRIPT: ScriptedTurn[] = [
  { content: 'Creating the file.', toolCalls: [{ name: 'create_file', arguments: { path: 'notes/hello.txt', content: HELLO_CONTENT } }] },
  { content: 'Done.', toolCalls: [{ name: 'finish', arguments: { summary: 'Created notes/hello.txt.' } }] },
];

export function scriptedTurn(request: ChatRequestRecord): ScriptedTurn {
  // The client's tool-format probe (non-streaming, one token) needs no script.
  if (!request.stream) return { content: 'OK', finishReason: 'length', completionTokens: 1 };
  const messages = request.messages.filter(isMessage);
  const task = messages.find((message) => message.role === 'user')?.content ?? '';
  const step = messages.filter((message) => message.role === 'assistant').length;
  if (task.includes(HANG_TASK)) return { kind: 'hang' };
  const loopTurn = agentScenarioTurn(task, messages) ?? chatScenarioTurn(task, messages) ?? chatToolsScenarioTurn(task, messages, request.tools)
    ?? rulesScenarioTurn(task, messages);
  if (loopTurn) return loopTurn;
  const editorTurn = editorScenarioTurn(task, step);
  if (editorTurn) return editorTurn;
  const script = task.includes(IN_HOST_TASK) ? IN_HOST_SCRIPT : task.includes(UI_TASK) ? UI_SCRIPT : undefined;
  const turn = script?.[step];
  if (turn) return turn;
  return { content: `The test model has no script for step ${step} of this task.`, toolCalls: [{ name: 'finish', arguments: { summary: 'unscripted' } }] };
}

function isMessage(value: unknown): value is { role: string; content: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { role, content } = value as { role?: unknown; content?: unknown };
  return typeof role === 'string' && typeof content === 'string';
}
