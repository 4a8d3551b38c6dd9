// The browser tests of conversations in the real Crux webview (after ui-agent-flow.ts, in the
// same window, recording on): a question in ask mode with the project's AGENTS.md shown, a
// follow-up whose model request holds the earlier conversation and that is recorded as a child
// of the first run, the draft kept across a reload of the view, New Chat, and an MCP tool from
// the user's crux.mcp.servers setting that asks first and runs once approved.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatMessage } from '../../src/model/types';
import { CHAT_ANSWERS, CHAT_FOLLOW_UP, CHAT_TASK, MCP_TASK } from './chat-scenarios';
import type { AgentFlowOptions } from './ui-agent-flow';
import { runCommand } from './ui-flow';

const TIMEOUT = 30_000;

export async function runChatFlow(options: AgentFlowOptions): Promise<void> {
  const { page, view, log } = options;
  const shot = async (name: string) => {
    await page.screenshot({ path: join(options.artifacts, `${name}.png`) });
    log(`screenshot ${name}.png`);
  };
  const idle = () => view.getByRole('button', { name: 'Run the task' }).and(view.locator(':enabled')).waitFor({ timeout: TIMEOUT });
  const send = async (text: string) => {
    await idle();
    await view.getByRole('textbox', { name: 'Task for the agent' }).fill(text);
    await view.getByRole('button', { name: 'Run the task' }).click();
  };

  options.applySettings({ 'crux.approvals.mode': 'auto-reads', 'crux.loopWatch.policy': 'warn' });
  await view.locator('.connection', { hasText: 'Approvals: auto-reads' }).waitFor({ timeout: TIMEOUT });
  writeFileSync(join(options.workspace, 'AGENTS.md'), 'Answer in one sentence.\n');

  log('chat: a question in ask mode, with the project rules shown');
  await idle();
  await view.getByRole('button', { name: 'Start a new chat' }).click();
  await view.getByRole('combobox', { name: 'Mode', exact: true }).selectOption('ask');
  await send(CHAT_TASK);
  await view.locator('.run-summary', { hasText: CHAT_ANSWERS.first }).waitFor({ timeout: TIMEOUT });
  const context = view.locator('.chat-context', { hasText: 'Rules: AGENTS.md' }).last();
  await context.waitFor({ timeout: TIMEOUT });
  assert.match(await context.innerText(), /Ask mode/);
  await shot('21-chat-ask-rules');

  log('chat: the follow-up continues the conversation');
  await send(CHAT_FOLLOW_UP);
  await view.locator('.run-summary', { hasText: CHAT_ANSWERS.second }).waitFor({ timeout: TIMEOUT });
  await view.locator('.chat-context', { hasText: 'continues the conversation after step 2' }).waitFor({ timeout: TIMEOUT });
  const sent = requestWith(options, CHAT_FOLLOW_UP);
  assert.ok(JSON.stringify(sent).includes(CHAT_TASK.replace(/"/g, '\\"')), 'the first question is in the prompt');
  assert.ok(sent.some((message) => message.role === 'assistant' && message.content === CHAT_ANSWERS.first), 'the earlier answer is in the prompt');
  assert.deepEqual(sent.at(-1), { role: 'user', content: CHAT_FOLLOW_UP });
  await shot('22-chat-follow-up');
  const headers = options.trajectoryFiles().map((file) => JSON.parse(readFileSync(file, 'utf8').split('\n')[0] ?? '{}') as {
    runId: string; parent: { runId: string; step: number } | null; mode?: string; rules?: { path: string }[]; task: { text: string };
  });
  const first = headers.find((header) => header.task.text === CHAT_TASK && header.parent === null);
  const child = headers.find((header) => header.parent?.runId === first?.runId);
  assert.ok(first && child, 'the follow-up is recorded as a child of the first run');
  assert.equal(child.parent?.step, 2);
  assert.equal(child.mode, 'ask');
  assert.deepEqual(first.rules?.map((rule) => rule.path), ['AGENTS.md']);

  log('chat: the unsent draft survives a reload of the view');
  await idle();
  await view.getByRole('textbox', { name: 'Task for the agent' }).fill('a draft not sent yet');
  await page.waitForTimeout(300);
  await runCommand(page, 'Developer: Reload Webviews');
  await waitUntilValue(view.getByRole('textbox', { name: 'Task for the agent' }), 'a draft not sent yet');
  await view.locator('.chat-label', { hasText: 'Replying continues' }).waitFor({ timeout: TIMEOUT });

  log('chat: New Chat; an MCP tool asks first and runs once approved');
  await view.getByRole('button', { name: 'Start a new chat' }).click();
  await view.getByRole('combobox', { name: 'Mode', exact: true }).selectOption('act');
  await send(MCP_TASK);
  const prompt = view.locator('.approval', { hasText: 'MCP test: echo' });
  await prompt.waitFor({ timeout: TIMEOUT });
  await shot('23-mcp-approval');
  await prompt.getByRole('button', { name: 'Approve', exact: true }).click();
  await view.locator('.tool-card', { hasText: 'mcp__test__echo' }).locator('.tool-result, .tool-output', { hasText: 'echo: hello' }).first().waitFor({ timeout: TIMEOUT });
  await view.locator('.chat-context', { hasText: 'MCP tools: 5' }).last().waitFor({ timeout: TIMEOUT });
  await idle();
  await shot('24-mcp-called');

  log('chat: reopening the recorded chat from Recent chats and continuing it');
  await view.locator('.chat-list summary').click();
  const item = view.locator('.chat-item', { hasText: CHAT_TASK }).first();
  await item.waitFor({ timeout: TIMEOUT });
  await item.getByRole('button', { name: /^Continue the chat/ }).click();
  await view.locator('.chat-label', { hasText: 'Replying continues: CHAT' }).waitFor({ timeout: TIMEOUT });
  log('chat: an @-mention picked from the autocomplete attaches the file');
  await idle();
  // Back to ask mode (the chat's mode; a different one would be announced to the model first).
  await view.getByRole('combobox', { name: 'Mode', exact: true }).selectOption('ask');
  const box = view.getByRole('textbox', { name: 'Task for the agent' });
  // The integrated terminal of the earlier runs can take the focus back (closing the list):
  // type the mention again, as a user would, until the list offers the file.
  const offered = view.locator('.mention-list li', { hasText: '@math.js' });
  for (let attempt = 1; ; attempt++) {
    await box.fill('One more question: which file holds add()? @mat');
    try {
      await offered.waitFor({ timeout: attempt < 3 ? 10_000 : TIMEOUT });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      log(`chat: no suggestions yet (attempt ${attempt}); typing the mention again`);
    }
  }
  await shot('25-mention-autocomplete');
  await box.press('Tab');
  assert.equal(await box.inputValue(), 'One more question: which file holds add()? @math.js ');
  await view.getByRole('button', { name: 'Run the task' }).click();
  await view.locator('.chat-context', { hasText: 'continues the conversation after step 3' }).waitFor({ timeout: TIMEOUT });
  await view.locator('.chat-context', { hasText: 'Attached: @math.js (file' }).waitFor({ timeout: TIMEOUT });
  await idle();
  const again = requestWith(options, 'One more question: which file holds add()? @math.js');
  assert.ok(again.some((message) => message.role === 'user' && message.content === CHAT_FOLLOW_UP), 'the whole chat is in the prompt');
  assert.match(String(again.at(-1)?.content), /<context kind="file" name="math.js">\nfunction add/);
  await shot('26-chat-reopened');
  // Leave the view as the later flows expect it: a new chat in act mode (the mode outlives a chat).
  await view.getByRole('combobox', { name: 'Mode', exact: true }).selectOption('act');
  await view.getByRole('button', { name: 'Start a new chat' }).click();
}

/** The first streamed model request whose last message starts with this user text. */
function requestWith(options: AgentFlowOptions, text: string): ChatMessage[] {
  const request = options.modelRequests().find((candidate) => candidate.stream && String((candidate.messages.at(-1) as ChatMessage | undefined)?.content).startsWith(text));
  assert.ok(request, `a model request ends with "${text}"`);
  return request.messages as ChatMessage[];
}

async function waitUntilValue(locator: ReturnType<AgentFlowOptions['view']['locator']>, value: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const current = await locator.inputValue({ timeout: 2_000 }).catch(() => '');
    if (current === value) return;
    if (Date.now() > deadline) throw new Error(`the task box holds "${current}", not the draft "${value}"`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}


