// The browser half of the views' tests: import recorded runs through the command palette and
// the file dialog, then the run history, the viewer and the tree as a user drives them (mouse
// and keyboard), deleting a run with the confirmation, and a 2,000-step run in the viewer.
// Screenshots of each view in the dark theme go to test-artifacts/vscode/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { SEED_TASK, SEED_TASK_ID } from './seed-runs';
import type { ViewFixtures } from './view-fixtures';
import { acceptInDialog, panelFrame, runCommand } from './workbench';

export interface ViewsFlowOptions {
  page: Page;
  fixtures: ViewFixtures;
  artifacts: string;
  log: (line: string) => void;
}

const TIMEOUT = 30_000;

export async function runViewsFlow(options: ViewsFlowOptions): Promise<void> {
  const { page, fixtures, log } = options;
  const shot = async (name: string) => {
    // Away from the tabs, whose hover text would cover the panel.
    await page.mouse.move(200, 600);
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(options.artifacts, `${name}.png`) });
    log(`screenshot ${name}.png`);
  };
  await page.keyboard.press('Escape');
  // The terminal of the agent flows would take half the height of every screenshot.
  if (await page.locator('.part.panel').isVisible()) await runCommand(page, 'View: Hide Panel');

  log('views: importing the recorded runs through the palette and the file dialog');
  await runCommand(page, 'Crux: Import Runs from Other Agents');
  await pickItem(page, 'A folder of runs');
  await acceptInDialog(page, `${fixtures.seedDir}/`, 'Import');
  await pickItem(page, "Into this workspace's run history");
  await page.locator('.notification-toast', { hasText: 'Crux imported 8 runs' }).waitFor({ timeout: TIMEOUT });

  log('views: the run history');
  await runCommand(page, 'Crux: Open Run History');
  const history = await panelFrame(page, '.history-list');
  const rows = history.locator('.history-row');
  await waitForCount(rows, (count) => count >= 8, 'the history rows');
  const total = await rows.count();
  await history.locator('.history-row', { hasText: SEED_TASK }).first().locator('.history-result').filter({ hasText: /resolved/ }).waitFor();
  assert.equal(await history.locator('.history-row .tone-good').count() >= 4, true, 'four resolved runs');
  await history.locator('.history-count', { hasText: `${total} runs` }).waitFor();
  await shot('06-history');
  // Keyboard: the list takes focus, arrows move the active row, Enter opens it.
  await history.locator('.history-list').focus();
  await history.locator('.history-list').press('ArrowDown');
  await history.locator('.history-row.active[aria-rowindex="3"]').waitFor({ timeout: TIMEOUT });

  log('views: opening a run in the viewer');
  await history.locator('.history-row', { hasText: SEED_TASK }).first().locator('.history-title').click();
  const viewer = await panelFrame(page, '.viewer-list .action-row');
  await viewer.locator('.action-row[data-step="1"] .tool-name', { hasText: 'read_file' }).waitFor({ timeout: TIMEOUT });
  await viewer.locator('.outcome-row').waitFor({ timeout: TIMEOUT });
  await viewer.locator('.viewer-title', { hasText: SEED_TASK }).waitFor();
  await shot('07-viewer');

  log('views: the tree of the run\'s task, and a node\'s action');
  await page.locator('.tab', { hasText: 'Crux: Run History' }).click();
  const historyAgain = await panelFrame(page, '.history-list');
  await historyAgain.locator('.history-row', { hasText: SEED_TASK }).first().getByRole('button', { name: /trajectory tree/ }).click();
  const tree = await panelFrame(page, '.tree-svg');
  await tree.locator('.tree-node.key-action').waitFor({ timeout: TIMEOUT });
  assert.equal(await tree.locator('.tree-node').count(), 7, 'the task, read_file, then the two branches (3 + 2 steps)');
  await tree.locator('.tree-node.better').first().click();
  await tree.locator('.node-detail .detail-title', { hasText: 'edit_file math.js' }).waitFor({ timeout: TIMEOUT });
  await tree.locator('.tree-node.key-action').click();
  await tree.locator('.node-detail .detail-title', { hasText: 'Step 1: read_file math.js' }).waitFor({ timeout: TIMEOUT });
  await tree.locator('.node-detail .badge-key').waitFor();
  await tree.locator('.node-detail .detail-call .tool-name', { hasText: 'read_file' }).waitFor();
  await shot('08-tree');
  // Keyboard: right goes to the first child.
  await tree.locator('.tree-node.key-action').press('ArrowRight');
  await tree.locator('.node-detail .detail-title', { hasText: 'Step 2:' }).waitFor({ timeout: TIMEOUT });
  // A run through the node opens in the viewer at the node's step.
  const through = tree.locator('.node-detail .detail-run').first();
  const runId = (await through.locator('code').getAttribute('title')) ?? '';
  await through.getByRole('button', { name: /in the viewer at step 2/ }).click();
  const opened = await panelFrame(page, `.viewer-meta:has-text("run ${runId.slice(0, 8)}")`);
  await opened.locator('.action-row[data-step="2"]').waitFor({ timeout: TIMEOUT });

  log('views: deleting a run, confirmed in the page');
  await page.locator('.tab', { hasText: 'Crux: Run History' }).click();
  const list = await panelFrame(page, '.history-list');
  const listed = list.locator('.history-row');
  await list.locator('.history-row').last().getByRole('button', { name: /^Delete the run/ }).click();
  const confirm = list.getByRole('alertdialog', { name: 'Delete a run' });
  await confirm.waitFor({ timeout: TIMEOUT });
  await shot('06b-history-delete');
  await confirm.getByRole('button', { name: 'Delete the run for good' }).click();
  await waitForCount(listed, (count) => count === total - 1, 'one row fewer');
  // From the keyboard: Delete asks, Escape keeps the run.
  await list.locator('.history-list').focus();
  await list.locator('.history-list').press('Delete');
  await confirm.waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'hidden', timeout: TIMEOUT });
  assert.equal(await listed.count(), total - 1);

  log('views: the history follows the store: runs imported while it is open appear');
  await runCommand(page, 'Crux: Import Runs from Other Agents');
  await pickItem(page, 'Run files');
  await acceptInDialog(page, fixtures.shortRun, 'Import');
  await pickItem(page, "Into this workspace's run history");
  await waitForCount(listed, (count) => count === total, 'the imported run in the open history');
  await list.locator('.history-row', { hasText: 'a long run of 20 steps' }).waitFor({ timeout: TIMEOUT });

  log('views: a 2,000-step run opened with "Open Trajectory"');
  await runCommand(page, 'Crux: Open Trajectory');
  await acceptInDialog(page, fixtures.longRun, 'Open Trajectory');
  const long = await panelFrame(page, '.viewer-meta:has-text("2,000 actions")');
  await long.locator('.action-row[data-step="1"]').waitFor({ timeout: TIMEOUT });
  const drawn = await long.locator('.action-row').count();
  assert.ok(drawn > 0 && drawn < 60, `only the rows in view are drawn (${drawn} of 2,000)`);
  await long.locator('.viewer-list').focus();
  await long.locator('.viewer-list').press('End');
  await long.locator('.outcome-row .end-badge', { hasText: 'step limit' }).waitFor({ timeout: TIMEOUT });
  // Step 1496 ran the tests with 120 lines of output: collapsed, opened with a click.
  await long.locator('.step-input').fill('1496');
  await long.locator('.step-input').press('Enter');
  const step = long.locator('.action-row[data-step="1496"]');
  await step.waitFor({ timeout: TIMEOUT });
  assert.equal(await step.locator('details.observation').getAttribute('open'), null, 'a long observation starts collapsed');
  await step.locator('.observation summary').click();
  await step.locator('.observation-output', { hasText: 'line 119 of step 1496' }).waitFor({ timeout: TIMEOUT });
  await long.locator('.action-row[data-step="1497"]').waitFor({ timeout: TIMEOUT });
  assert.ok(await long.locator('.action-row').count() < 60, 'still only the rows in view');
  await shot('09-viewer-long');
  log(`views: ${SEED_TASK_ID} history, viewer, tree and the long run passed`);
}

async function pickItem(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: TIMEOUT });
  await row.click();
}

/** The page of the editor panel that shows `selector` (every webview is an iframe with the
 * page in an inner frame; hidden panels keep theirs, so look in each). */
async function waitForCount(locator: ReturnType<FrameLocator['locator']>, ok: (count: number) => boolean, what: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT;
  while (!ok(await locator.count())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${await locator.count()})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
