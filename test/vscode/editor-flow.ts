// The editor experience in a real VS Code (issue 14), driven by playwright in the same window as
// ui-flow.ts, against the fake model server: an approval never takes the keyboard from the
// editor (a Space goes into the file, the question stays open) and announces itself instead;
// deny with a reason the model is told; Alt+A approves while the view has focus; markdown with
// injection attempts rendered inert, code blocks with Copy and Insert at cursor; "Start Task
// from Selection" fills the task box and starts nothing. Screenshots 20-29.
import assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import type { ChatRequestRecord } from '../support/model-server';
import { CODE_LINE, DENY_REASON, EDITOR_TASK } from './editor-scenarios';
import { runCommand } from './ui-flow';

export interface EditorFlowOptions {
  page: Page;
  view: FrameLocator;
  artifacts: string;
  log: (line: string) => void;
  modelRequests(): ChatRequestRecord[];
}

const TIMEOUT = 30_000;

export function screenshotter(page: Page, artifacts: string, log: (line: string) => void): (name: string) => Promise<void> {
  return async (name) => {
    await page.screenshot({ path: `${artifacts}/${name}.png` });
    log(`screenshot ${name}.png`);
  };
}

/** Opens a workspace file in the editor with Quick Open and puts the cursor at its end. */
export async function openInEditor(page: Page, file: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  // The file itself, not the "(Crux edit)" diff that Quick Open also remembers.
  const row = page.locator('.quick-input-list .monaco-list-row:visible').filter({ hasNotText: 'Crux edit' }).filter({ hasText: file }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    try {
      await input.waitFor({ timeout: 5000 });
      await input.fill(file);
      await row.waitFor({ timeout: 5000 });
      await row.click();
      break;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  await page.locator('.tab.active', { hasText: file }).filter({ hasNotText: 'Crux edit' }).waitFor({ timeout: TIMEOUT });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
}

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + TIMEOUT;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function editorText(page: Page): Promise<string> {
  return page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText();
}

export async function runEditorFlow(options: EditorFlowOptions): Promise<void> {
  const { page, view, log } = options;
  const shot = screenshotter(page, options.artifacts, log);

  log('editor: an approval while the user types in the editor does not take the keyboard');
  await openInEditor(page, 'math.js');
  const before = await editorText(page);
  // Started from the command palette: the keyboard goes back to the editor afterwards.
  await runCommand(page, 'Crux: Run Task');
  const taskInput = page.locator('.quick-input-widget input');
  await taskInput.waitFor({ timeout: TIMEOUT });
  await taskInput.fill(EDITOR_TASK);
  await page.keyboard.press('Enter');
  const run = view.locator('.run', { has: view.locator('.run-task', { hasText: EDITOR_TASK }) });
  const createPrompt = run.locator('.approval', { hasText: 'editor.txt' });
  await createPrompt.waitFor({ timeout: TIMEOUT });
  await page.keyboard.type(' typed-while-asked');
  await page.waitForTimeout(400);
  assert.equal(await createPrompt.getAttribute('data-answered'), null, 'the Space and the letters did not answer the question');
  assert.match(await editorText(page), /typed-while-asked/, 'they went into the file');
  assert.notEqual(await editorText(page), before);
  // Announced instead: a status-bar item and a badge on the Crux icon.
  await page.locator('.statusbar-item', { hasText: 'Crux: approval needed' }).waitFor({ timeout: TIMEOUT });
  await page.locator('.activitybar .action-item:has(a[aria-label^="Crux"]) .badge-content', { hasText: '1' }).waitFor({ timeout: TIMEOUT });
  await run.locator('.model-text strong', { hasText: 'create' }).waitFor({ timeout: TIMEOUT });
  await run.locator('.model-text code', { hasText: 'notes/editor.txt' }).waitFor();
  await shot('20-approval-keeps-editor-focus');
  // Take the typing back out (the keyboard is still in the editor).
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Control+S');

  log('editor: "Show the Pending Request" puts the keyboard on the question; deny with a reason');
  await runCommand(page, 'Crux: Show the Pending Request');
  await createPrompt.locator('button.primary:focus').waitFor({ timeout: TIMEOUT });
  await createPrompt.getByRole('button', { name: 'Deny with reason…' }).click();
  await createPrompt.getByRole('textbox', { name: 'Why (the model is told)' }).fill(DENY_REASON);
  await shot('21-deny-with-reason');
  await page.keyboard.press('Enter');
  await createPrompt.locator('.approval-outcome', { hasText: `Denied: ${DENY_REASON}` }).waitFor({ timeout: TIMEOUT });

  log('editor: Alt+A approves the next question while the view has focus');
  const commandPrompt = run.locator('.approval', { hasText: 'node -e' });
  await commandPrompt.waitFor({ timeout: TIMEOUT });
  await view.locator('.task-input:focus').waitFor({ timeout: TIMEOUT });
  assert.equal(await commandPrompt.getAttribute('data-answered'), null, 'typing in the task box did not answer it either');
  await page.keyboard.press('Alt+A');
  await commandPrompt.locator('.approval-outcome', { hasText: 'Approved' }).waitFor({ timeout: TIMEOUT });
  // Nothing open: the announcements are gone.
  await page.locator('.statusbar-item', { hasText: 'Crux: approval needed' }).waitFor({ state: 'hidden', timeout: TIMEOUT });
  await page.locator('.activitybar .action-item:has(a[aria-label^="Crux"]) .badge-content', { hasText: '1' }).waitFor({ state: 'hidden', timeout: TIMEOUT });
  const told = options.modelRequests().some((request) => JSON.stringify(request.messages).includes(DENY_REASON));
  assert.ok(told, 'the model was told why it was denied');

  log('editor: the summary is markdown; injected script, handlers and links are inert');
  const finished = run.locator('.run-finished.reason-finished');
  await finished.waitFor({ timeout: TIMEOUT });
  const summary = finished.locator('.run-summary');
  await summary.locator('h2', { hasText: 'Done' }).waitFor();
  await summary.locator('table td', { hasText: 'denied' }).waitFor();
  await summary.locator('li', { hasText: 'kept math.js' }).waitFor();
  await summary.locator('.code-block .hljs-keyword', { hasText: 'function' }).waitFor();
  assert.equal(await summary.locator('img, script, [onerror], [onclick], a[href^="javascript"]').count(), 0, 'nothing executable survived');
  assert.equal(await summary.locator('a').count(), 0, 'the javascript: link and the raw <a> are text now');
  const xss = await view.locator('body').evaluate((body) => (body.ownerDocument.defaultView as unknown as { __cruxXss?: number }).__cruxXss ?? null);
  assert.equal(xss, null, 'no injected code ran');
  await summary.locator('.code-block').scrollIntoViewIfNeeded();
  await shot('22-markdown-summary');

  log('editor: Insert at cursor puts the code block into the editor');
  await openInEditor(page, 'math.js');
  await summary.getByRole('button', { name: /Insert the js block at the cursor/ }).click();
  await waitFor('the code in the editor', async () => (await editorText(page)).replace(/\u00a0/g, ' ').includes(CODE_LINE));
  await shot('23-insert-at-cursor');
  // Insert left the keyboard in the editor: undo it there.
  await page.keyboard.press('Control+Z');
  await page.keyboard.press('Control+S');

  log('editor: "Start Task from Selection" fills the task box and starts nothing');
  await openInEditor(page, 'math.js');
  await page.keyboard.press('Control+A');
  const runs = await view.locator('.run').count();
  // From the command palette without clicking anywhere first (a click would drop the selection).
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill('>Crux: Start Task from Selection');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Start Task from Selection' }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  const box = view.getByRole('textbox', { name: 'Task for the agent' });
  await view.locator('.task-input:focus').waitFor({ timeout: TIMEOUT });
  assert.match(await box.inputValue(), /In math\.js \(lines 1-\d+\):\n```javascript\nfunction add/);
  await page.waitForTimeout(300);
  assert.equal(await view.locator('.run').count(), runs, 'no run started');
  await shot('24-task-from-selection');
  await box.fill('');
}
