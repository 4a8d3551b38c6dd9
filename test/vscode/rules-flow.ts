// The browser test of nested AGENTS.md in the real Crux webview (after chat-flow.ts, in the same
// window): an ask-mode question whose first call reads lib/util.js; the model's next request holds
// lib/AGENTS.md with that result, the run shows one line naming the file and its folder, and the
// recording has the rules-added record.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatMessage } from '../../src/model/types';
import type { ScriptedTurn } from '../support/model-server';
import type { AgentFlowOptions } from './ui-agent-flow';

const TIMEOUT = 30_000;
export const RULES_TASK = 'RULES: what does lib/util.js export?';
const LIB_RULES = 'In lib/, answer with the export names only.';
const ANSWER = 'lib/util.js exports double.';

interface Message {
  role: string;
  content: string;
}

/** What the fake model says to RULES_TASK: read lib/util.js, then answer. */
export function rulesScenarioTurn(task: string, messages: Message[]): ScriptedTurn | undefined {
  if (!task.includes(RULES_TASK)) return undefined;
  if (!messages.some((message) => message.role === 'assistant')) {
    return { content: 'Reading lib/util.js.', toolCalls: [{ name: 'read_file', arguments: { path: 'lib/util.js' } }] };
  }
  return { content: ANSWER };
}

export async function runRulesFlow(options: AgentFlowOptions): Promise<void> {
  const { view, log } = options;
  mkdirSync(join(options.workspace, 'lib'), { recursive: true });
  writeFileSync(join(options.workspace, 'lib', 'AGENTS.md'), `${LIB_RULES}\n`);
  writeFileSync(join(options.workspace, 'lib', 'util.js'), 'module.exports = { double: (x) => 2 * x };\n');

  log('rules: a nested AGENTS.md is given with the result of the first call in its folder');
  await view.getByRole('button', { name: 'Run the task' }).and(view.locator(':enabled')).waitFor({ timeout: TIMEOUT });
  await view.getByRole('button', { name: 'Start a new chat' }).click();
  await view.getByRole('combobox', { name: 'Mode', exact: true }).selectOption('ask');
  await view.getByRole('textbox', { name: 'Task for the agent' }).fill(RULES_TASK);
  await view.getByRole('button', { name: 'Run the task' }).click();
  await view.locator('.run-summary', { hasText: ANSWER }).waitFor({ timeout: TIMEOUT });
  const line = view.locator('.rules-added', { hasText: 'Rules: lib/AGENTS.md applies to lib/' });
  await line.waitFor({ timeout: TIMEOUT });
  assert.equal(await line.count(), 1);
  await options.page.screenshot({ path: join(options.artifacts, '27-nested-rules.png') });

  const request = options.modelRequests().find((candidate) => candidate.stream
    && (candidate.messages as ChatMessage[]).some((message) => message.role === 'user' && message.content.includes(RULES_TASK))
    && (candidate.messages as ChatMessage[]).some((message) => message.role === 'tool'));
  assert.ok(request, 'the model was asked again after the read');
  const observation = (request.messages as ChatMessage[]).filter((message) => message.role === 'tool').at(-1)?.content ?? '';
  assert.match(observation, /double[\s\S]*<rules file="lib\/AGENTS.md" applies-to="lib\/">\nIn lib\/, answer with the export names only.\n<\/rules>$/);

  const recorded = options.trajectoryFiles().map((file) => readFileSync(file, 'utf8')).find((text) => text.includes(RULES_TASK));
  assert.ok(recorded, 'the run was recorded');
  assert.match(recorded, /"type":"rules-added"[^\n]*"path":"lib\/AGENTS.md"/);
  // Leave the view as the later flows expect it: a new chat in act mode.
  await view.getByRole('combobox', { name: 'Mode', exact: true }).selectOption('act');
  await view.getByRole('button', { name: 'Start a new chat' }).click();
}
