// The browser tests of chats that outlive the page (after chat-flow.ts, same window, recording
// on): a recorded chat picked from Recent chats is drawn again, run by run. A run waits for
// approval; the view is reloaded and comes back with the run so far and the question asked again;
// then the window is reloaded and the view comes back with the transcript and the draft, the run
// marked interrupted (in the view and in the run history, with Resume). From the history, a run
// opens as a chat in the view, and Resume continues the interrupted run where it stopped, with
// the earlier conversation in the model's prompt.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ChatMessage } from '../../src/model/types';
import { CHAT_ANSWERS, CHAT_TASK, MCP_TASK, RELOAD_ANSWER, RELOAD_TASK } from './chat-scenarios';
import type { AgentFlowOptions } from './ui-agent-flow';
import { runCommand } from './ui-flow';
import { panelFrame, webviewFrame } from './workbench';

const TIMEOUT = 30_000;

export async function runChatReloadFlow(options: AgentFlowOptions): Promise<void> {
  const { page, view, log } = options;
  const shot = async (name: string) => {
    await page.screenshot({ path: join(options.artifacts, `${name}.png`) });
    log(`screenshot ${name}.png`);
  };
  const idle = () => view.getByRole('button', { name: 'Run the task' }).and(view.locator(':enabled')).waitFor({ timeout: TIMEOUT });
  const box = view.getByRole('textbox', { name: 'Task for the agent' });

  log('chat: a chat picked from Recent chats is drawn again, run by run');
  await idle();
  await view.getByRole('button', { name: 'Start a new chat' }).click();
  // Picking a chat folded the list away (chat-flow.ts picked one).
  await view.locator('.chat-list summary').click();
  const item = view.locator('.chat-item', { hasText: CHAT_TASK }).first();
  await item.waitFor({ timeout: TIMEOUT });
  await item.getByRole('button', { name: /^Continue the chat/ }).click();
  await view.locator('.run-summary', { hasText: CHAT_ANSWERS.second }).first().waitFor({ timeout: TIMEOUT });
  await view.locator('.run-summary', { hasText: CHAT_ANSWERS.first }).first().waitFor({ timeout: TIMEOUT });
  await view.locator('.tool-card', { hasText: 'read_file' }).first().waitFor({ timeout: TIMEOUT });
  assert.equal(await view.locator('.chat-divider').count(), 0, 'the transcript holds this chat only');
  assert.equal(await view.locator('.tool-card', { hasText: 'mcp__test__echo' }).count(), 0, 'not the chat shown before');
  await view.locator('.chat-label', { hasText: 'Replying continues: CHAT' }).waitFor({ timeout: TIMEOUT });
  await shot('27-chat-reopened-transcript');

  log('chat: the window is reloaded while a run waits for approval');
  await view.getByRole('button', { name: 'Start a new chat' }).click();
  await view.getByRole('combobox', { name: 'Mode', exact: true }).selectOption('act');
  await idle();
  await box.fill(RELOAD_TASK);
  await view.getByRole('button', { name: 'Run the task' }).click();
  await view.locator('.approval', { hasText: 'node test.js' }).waitFor({ timeout: TIMEOUT });

  log('chat: the view is reloaded while the run waits: the run so far is drawn again, and asks again');
  // The page before the reload is marked, so nothing below is read from it.
  await view.locator('body').evaluate((body) => body.setAttribute('data-before-reload', ''));
  await runCommand(page, 'Developer: Reload Webviews');
  await view.locator('body[data-before-reload]').waitFor({ state: 'detached', timeout: TIMEOUT });
  await view.locator('.run-task', { hasText: RELOAD_TASK }).waitFor({ timeout: TIMEOUT });
  await view.locator('.model-text', { hasText: 'Running the tests first.' }).waitFor({ timeout: TIMEOUT });
  await view.locator('.approval', { hasText: 'node test.js' }).getByRole('button', { name: 'Approve', exact: true }).waitFor({ timeout: TIMEOUT });
  assert.equal(await view.locator('.run-task', { hasText: RELOAD_TASK }).count(), 1, 'the run is drawn once');
  assert.equal(await view.getByRole('button', { name: 'Run the task' }).isEnabled(), false, 'the run is still going');
  await shot('28-reload-view-live');

  log('chat: the window is reloaded while the run still waits');
  await box.fill('a draft typed while the run waited');
  await page.waitForTimeout(300);
  await runCommand(page, 'Developer: Reload Window');
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

  log('chat: after the reload, the transcript, the draft and an interrupted run with Resume');
  const interrupted = view.locator('.run-finished.reason-interrupted');
  await interrupted.waitFor({ timeout: 60_000 });
  await interrupted.getByRole('button', { name: 'Resume the interrupted run' }).waitFor({ timeout: TIMEOUT });
  await view.locator('.run-task', { hasText: RELOAD_TASK }).waitFor({ timeout: TIMEOUT });
  await view.locator('.model-text', { hasText: 'Running the tests first.' }).waitFor({ timeout: TIMEOUT });
  await view.locator('.tool-card', { hasText: 'run_command' }).waitFor({ timeout: TIMEOUT });
  assert.equal(await view.locator('.approval button:enabled').count(), 0, 'no question of the run that is gone can be answered');
  assert.equal(await box.inputValue(), 'a draft typed while the run waited');
  await shot('29-reload-interrupted');

  log('chat: the run history marks it interrupted, with Resume; any Crux run opens as a chat');
  await box.fill('');
  await runCommand(page, 'Crux: Open Run History');
  const history = await panelFrame(page, '.history-list');
  const row = history.locator('.history-row', { hasText: RELOAD_TASK }).first();
  await row.locator('.history-end', { hasText: 'interrupted' }).waitFor({ timeout: TIMEOUT });
  await shot('30-history-interrupted');
  await history.locator('.history-row', { hasText: MCP_TASK }).first().getByRole('button', { name: /^Continue the run .* as a chat/ }).click();
  const viewFrame = await webviewFrame(page, `document.querySelector('.task-input') !== null`);
  await viewFrame.locator('.tool-card', { hasText: 'mcp__test__echo' }).waitFor({ timeout: TIMEOUT });
  assert.equal(await viewFrame.locator('.run-task', { hasText: RELOAD_TASK }).count(), 0, 'the view shows the chat picked in the history');

  log('chat: Resume (from the history) continues the interrupted run where it stopped');
  await row.getByRole('button', { name: /^Resume the interrupted run/ }).click();
  await viewFrame.locator('.run-summary', { hasText: RELOAD_ANSWER }).waitFor({ timeout: TIMEOUT });
  await viewFrame.locator('.run-task', { hasText: RELOAD_TASK }).first().waitFor({ timeout: TIMEOUT });
  await row.locator('.history-end', { hasText: 'interrupted' }).waitFor({ state: 'detached', timeout: TIMEOUT });
  await runCommand(page, 'View: Close All Editors');
  await page.locator('.tab', { hasText: 'Crux: Run History' }).waitFor({ state: 'detached', timeout: TIMEOUT });
  const resumed = options.modelRequests().find((request) => request.stream && (request.messages as ChatMessage[]).some(
    (message) => message.role === 'user' && String(message.content).includes('window was reloaded or closed')));
  assert.ok(resumed, 'a model request carries the resume message');
  const sent = resumed.messages as ChatMessage[];
  assert.ok(sent.some((message) => message.role === 'assistant' && message.content === 'Running the tests first.'), 'the run so far is in the prompt');
  assert.ok(sent.some((message) => message.role === 'tool' && String(message.content).startsWith('Not run')), 'the call that never ran is answered');
  await idle();
  await shot('31-resumed');
  // Leave the view as the later flows expect it: a new chat in act mode.
  await view.getByRole('button', { name: 'Start a new chat' }).click();
}
