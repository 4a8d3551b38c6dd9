// Keyboard-only use of the Crux view in a real VS Code (issue 14): the skip link is the first
// tab stop, "Focus on Crux View" lands in the task box, the contributed keybindings focus the
// task box and approve, Escape stops the run ("Aborted"), a new run scrolls into view with
// "Jump to latest" offered when scrolled up, and a 170 px side bar never scrolls sideways.
// Then, with the model server gone: the connection line turns red and green again on its own,
// and a task sent meanwhile fails once and stays in the box. Screenshots 30-39.
import assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { openInEditor, screenshotter } from './editor-flow';
import { KEYS_TASK } from './editor-scenarios';
import { runCommand } from './ui-flow';

export interface KeyboardFlowOptions {
  page: Page;
  view: FrameLocator;
  artifacts: string;
  log: (line: string) => void;
}

const TIMEOUT = 30_000;

export async function runKeyboardFlow(options: KeyboardFlowOptions): Promise<void> {
  const { page, view, log } = options;
  const shot = screenshotter(page, options.artifacts, log);
  const transcript = view.locator('.transcript');

  log('keyboard: scrolled up, "Jump to latest" shows');
  await transcript.evaluate((element) => element.scrollTo({ top: 0 }));
  await view.locator('.jump-latest:visible').waitFor({ timeout: TIMEOUT });
  await shot('30-jump-to-latest');

  log('keyboard: the focus keybinding from the editor, the task, Ctrl+Enter');
  // A new conversation, not a follow-up of the last run (the chat bar's New Chat).
  await view.getByRole('button', { name: 'Start a new chat' }).click();
  await openInEditor(page, 'math.js');
  await page.keyboard.press('Control+Alt+Shift+C');
  await view.locator('.task-input:focus').waitFor({ timeout: TIMEOUT });
  await page.keyboard.type(KEYS_TASK);
  await page.keyboard.press('Control+Enter');
  const run = view.locator('.run', { has: view.locator('.run-task', { hasText: KEYS_TASK }) });
  await run.waitFor({ timeout: TIMEOUT });
  // Started while scrolled up: the new run is scrolled into view anyway.
  const header = run.locator('.run-header');
  await header.waitFor();
  const inView = await header.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const frame = element.closest('.transcript')?.getBoundingClientRect();
    return frame !== undefined && box.bottom > frame.top && box.top < frame.bottom;
  });
  assert.ok(inView, 'the new run is on screen');

  log('keyboard: Alt+A approves, Escape stops');
  const prompt = run.locator('.approval', { hasText: 'keys.txt' });
  await prompt.waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Alt+A');
  await prompt.locator('.approval-outcome', { hasText: 'Approved' }).waitFor({ timeout: TIMEOUT });
  await view.getByRole('button', { name: 'Stop the run' }).waitFor({ timeout: TIMEOUT });
  await view.locator('.task-input:focus').waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Escape');
  await run.locator('.run-finished.reason-aborted', { hasText: 'Aborted' }).waitFor({ timeout: TIMEOUT });
  await shot('31-keyboard-aborted');

  log('keyboard: the skip link is the first tab stop; "Focus on Crux View" lands in the task box');
  // The first tab stop of the page is the skip link (checked in DOM order, which is tab order
  // here: no positive tabindex anywhere).
  const first = await view.locator('body').evaluate((body) => {
    const focusable = [...body.querySelectorAll('a[href], button, textarea, input, [tabindex]')]
      .filter((element) => element.getAttribute('tabindex') !== '-1' && !(element as { disabled?: boolean }).disabled);
    const positive = focusable.filter((element) => Number(element.getAttribute('tabindex') ?? '0') > 0).length;
    return { first: focusable[0]?.className ?? '', positive };
  });
  assert.deepEqual(first, { first: 'skip-link', positive: 0 });
  await view.locator('.skip-link').focus();
  await view.locator('.skip-link:focus').waitFor({ timeout: TIMEOUT });
  await shot('32-skip-link');
  await page.keyboard.press('Enter');
  await view.locator('.task-input:focus').waitFor({ timeout: TIMEOUT });
  await openInEditor(page, 'math.js');
  await runCommand(page, 'Crux: Focus on Crux View');
  await view.locator('.task-input:focus').waitFor({ timeout: TIMEOUT });
  await page.keyboard.type('typed after focusing the view');
  assert.equal(await view.getByRole('textbox', { name: 'Task for the agent' }).inputValue(), 'typed after focusing the view');
  await view.getByRole('textbox', { name: 'Task for the agent' }).fill('');

  log('keyboard: the run history and the viewer, from the keyboard');
  await runCommand(page, 'Crux: Open Run History');
  const history = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  await history.locator('.history-list .history-row').first().waitFor({ timeout: TIMEOUT });
  await history.locator('.history-list').focus();
  await page.keyboard.press('Enter');
  // The newest run (this walkthrough's) opens; its tab is titled with the task, not a run id.
  await page.locator('.tab.active', { hasText: KEYS_TASK }).waitFor({ timeout: TIMEOUT });
  await shot('33-keyboard-viewer');
  await page.keyboard.press('Control+W');
  await page.keyboard.press('Control+W');
  // The Crux view must be the only webview again before it is located by its frame: a panel
  // can outlive its Ctrl+W when the key lands while focus is still inside its frame.
  if (!(await onlyOneWebview(page, 5_000))) {
    await runCommand(page, 'View: Close All Editors');
    assert.ok(await onlyOneWebview(page, TIMEOUT), 'the history and viewer panels closed');
  }

  log('narrow side bar: 170 px, no sideways scrolling');
  await narrowSideBar(page, 170);
  await transcript.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  const overflow = await transcript.evaluate((element) => {
    const doc = element.ownerDocument.documentElement;
    const right = element.getBoundingClientRect().right;
    // What sticks out, if anything (for the failure message).
    const wide = [...element.querySelectorAll('*')].filter((child) => child.getBoundingClientRect().right > right + 1)
      .slice(0, 5).map((child) => `${child.tagName.toLowerCase()}.${child.className}`);
    return { page: doc.scrollWidth - doc.clientWidth, transcript: element.scrollWidth - element.clientWidth, width: doc.clientWidth, wide };
  });
  log(`narrow side bar: ${overflow.width} px wide, overflow ${overflow.page}/${overflow.transcript} px`);
  assert.ok(overflow.width <= 200, `the view is narrow (${overflow.width} px)`);
  assert.ok(overflow.page <= 0 && overflow.transcript <= 0, `nothing scrolls sideways: ${JSON.stringify(overflow)}`);
  await shot('34-narrow-sidebar');
  await narrowSideBar(page, 420);
}

/** After the model server stopped: the line re-checks on its own; a task sent fails once, kept. */
export async function runServerDownFlow(options: KeyboardFlowOptions & { restartModelServer(): Promise<() => Promise<void>> }): Promise<void> {
  const { page, view, log } = options;
  const shot = screenshotter(page, options.artifacts, log);
  log('server down: a task sent now fails once and stays in the box');
  const box = view.getByRole('textbox', { name: 'Task for the agent' });
  const errorsBefore = await view.locator('.notice-error').count();
  const failedBefore = await view.locator('.run-finished.reason-error').count();
  await box.fill('a task while no server answers');
  await view.getByRole('button', { name: 'Run the task' }).click();
  await view.locator('.run-finished.reason-error').nth(failedBefore).waitFor({ timeout: 60_000 });
  await page.waitForTimeout(300);
  assert.equal(await view.locator('.run-finished.reason-error').count(), failedBefore + 1, 'one failure line');
  assert.equal(await view.locator('.notice-error').count(), errorsBefore, 'no second copy of the error');
  assert.equal(await box.inputValue(), 'a task while no server answers', 'the typed task is kept');
  await shot('35-server-down-task-kept');
  await box.fill('');

  log('server down: the connection line turns green again on its own when the server is back');
  const stopAgain = await options.restartModelServer();
  await view.locator('.connection[data-status="connected"]').waitFor({ timeout: 60_000 });
  await shot('36-reconnected-by-itself');

  log('server down again: looking at the view re-checks it');
  await stopAgain();
  await openInEditor(page, 'math.js');
  await view.locator('.transcript').click({ position: { x: 5, y: 5 } });
  await view.locator('.connection[data-status="unavailable"]').waitFor({ timeout: 60_000 });
  await shot('37-unavailable-by-itself');
}

/** Drags the sash between the side bar and the editor until the side bar is `width` px wide. */
async function narrowSideBar(page: Page, width: number): Promise<void> {
  const sidebar = page.locator('.part.sidebar');
  const box = await sidebar.boundingBox();
  if (!box) throw new Error('no side bar');
  const edge = box.x + box.width;
  await page.mouse.move(edge - 1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + width, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.waitForTimeout(300);
}

async function onlyOneWebview(page: Page, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await page.locator('iframe.webview.ready').count() === 1) return true;
    await page.waitForTimeout(200);
  }
  return false;
}
