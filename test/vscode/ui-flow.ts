// The browser half of the tests: playwright drives the real Crux webview in the code-server
// workbench the way a user would, against the fake model server, and saves screenshots.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { MATH_BUGGY, MATH_FIXED } from './fixtures';
import { UI_TASK, UI_TEXT } from './scenarios';

export interface UiFlowOptions {
  page: Page;
  workspace: string;
  /** Makes the model server go away, for the "no server" state. */
  stopModelServer: () => Promise<void>;
  artifacts: string;
  log: (line: string) => void;
  /** How the task is submitted: the Run button, or Ctrl+Enter in the task box. */
  submitWith?: 'click' | 'keyboard';
  /** The trajectory files recorded for this workspace so far. */
  trajectoryFiles?: () => string[];
  /** More flows on the same window, while the model server still answers. */
  beforeServerStops?: (view: FrameLocator, page: Page) => Promise<void>;
}

const TIMEOUT = 30_000;

export async function runUiFlow(options: UiFlowOptions): Promise<void> {
  const { page, log } = options;
  const shot = async (name: string) => {
    await page.screenshot({ path: join(options.artifacts, `${name}.png`) });
    log(`screenshot ${name}.png`);
  };
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const view = await openCruxView(page);
  await view.locator('.connection[data-status="connected"]').waitFor({ timeout: TIMEOUT });
  await view.locator('.model-name', { hasText: 'crux-test-model' }).waitFor();
  await shot('01-view-connected');

  const submitWith = options.submitWith ?? 'click';
  log(`ui: typing the task and submitting it (${submitWith === 'click' ? 'Run button' : 'Ctrl+Enter'})`);
  const taskBox = view.getByRole('textbox', { name: 'Task for the agent' });
  await taskBox.fill(UI_TASK);
  if (submitWith === 'click') await view.getByRole('button', { name: 'Run the task' }).click();
  else await taskBox.press('Control+Enter');

  log('ui: the first run asks whether to record; choosing not to');
  const consent = view.locator('.consent-prompt');
  await consent.waitFor({ timeout: TIMEOUT });
  await consent.getByText('Redaction is pattern-based', { exact: false }).waitFor();
  await consent.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await shot('10-consent-prompt');
  await consent.getByRole('button', { name: "Don't record" }).click();
  await consent.getByText('Recording: off').waitFor({ timeout: TIMEOUT });
  await view.locator('.run-task', { hasText: UI_TASK }).waitFor({ timeout: TIMEOUT });
  await view.locator('.run-info[data-recording="off"]').waitFor({ timeout: TIMEOUT });
  await view.locator('.model-text', { hasText: UI_TEXT.firstAnswer }).waitFor({ timeout: TIMEOUT });
  await view.locator('.tool-card[data-status="ok"]', { hasText: 'read_file' }).waitFor({ timeout: TIMEOUT });
  assert.equal(await view.locator('details.reasoning').first().getAttribute('open'), null, 'reasoning starts collapsed');

  log('ui: approving the edit inline');
  const editPrompt = view.locator('.approval', { hasText: 'math.js' });
  await editPrompt.waitFor({ timeout: TIMEOUT });
  assert.equal(readFileSync(join(options.workspace, 'math.js'), 'utf8'), MATH_BUGGY, 'nothing is written before approval');
  await shot('02-approval-edit');
  await editPrompt.getByRole('button', { name: 'Approve', exact: true }).click();
  await waitUntil('math.js to be fixed on disk', () => readFileSync(join(options.workspace, 'math.js'), 'utf8') === MATH_FIXED);
  await view.locator('.tool-card .edit .diff-add', { hasText: 'return a + b;' }).waitFor({ timeout: TIMEOUT });

  log('ui: always allowing commands');
  const commandPrompt = view.locator('.approval', { hasText: 'node test.js' });
  await commandPrompt.waitFor({ timeout: TIMEOUT });
  await commandPrompt.getByRole('button', { name: /allow all commands/ }).click();
  const commandCard = view.locator('.tool-card', { hasText: 'run_command' });
  await commandCard.locator('.tool-output', { hasText: 'ok: add(2, 3) === 5' }).waitFor({ timeout: TIMEOUT });
  await commandCard.locator('.tool-result', { hasText: 'exit 0' }).waitFor({ timeout: TIMEOUT });
  await view.locator('.run-finished.reason-finished', { hasText: UI_TEXT.summary }).waitFor({ timeout: TIMEOUT });
  await view.getByRole('button', { name: 'Run the task' }).and(view.locator(':enabled')).waitFor({ timeout: TIMEOUT });
  await shot('03-run-finished');
  assert.deepEqual(options.trajectoryFiles?.() ?? [], [], 'consent off: no trajectory written');
  assert.equal(await view.locator('.verdict').count(), 0, 'no verdict buttons on a run that was not recorded');

  log('ui: opening the diff in the editor');
  await view.getByRole('button', { name: 'Open the diff of math.js in the editor' }).click();
  await page.locator('.monaco-diff-editor').first().waitFor({ timeout: TIMEOUT });
  await page.locator('.tab', { hasText: 'math.js (Crux edit)' }).waitFor({ timeout: TIMEOUT });
  await shot('04-open-diff');

  await options.beforeServerStops?.(view, page);

  log('ui: stopping the model server and checking again from the command palette');
  await options.stopModelServer();
  await runCommand(page, 'Crux: Check Model Server');
  await view.locator('.connection[data-status="unavailable"]').waitFor({ timeout: TIMEOUT });
  await view.locator('.start-command', { hasText: '--enable-auto-tool-choice' }).waitFor();
  await view.getByRole('button', { name: 'Check the model server again' }).waitFor();
  await shot('05-no-server');
}

/** Runs a command through the command palette, as a user would. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 300 } });
  const input = page.locator('.quick-input-widget input');
  // On a loaded machine the first F1 is sometimes lost; ask again rather than fail.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const shown = await input.waitFor({ state: 'visible', timeout: attempt === 3 ? TIMEOUT : 5000 }).then(() => true, () => false);
    if (shown) break;
    if (attempt === 3) throw new Error(`the command palette did not open for ${title}`);
    await page.keyboard.press('Escape');
  }
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
}

/** Clicks the Crux icon in the activity bar and returns the view's page (two iframes deep). */
async function openCruxView(page: Page): Promise<FrameLocator> {
  const icon = page.locator('.activitybar .action-item a[aria-label^="Crux"]').first();
  await icon.waitFor({ timeout: 60_000 });
  await icon.click();
  const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await view.locator('.task-input').waitFor({ timeout: TIMEOUT });
  return view;
}

export async function waitUntil(what: string, check: () => boolean, timeoutMs = TIMEOUT): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
