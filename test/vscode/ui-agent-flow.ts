// The browser half of the tests of loop warnings, checkpoints, retries and consent: playwright
// drives the real Crux webview in the same window as ui-flow.ts, against the fake model server,
// and checks the files on disk, the requests the model got and the trajectories recorded.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { ChatRequestRecord } from '../support/model-server';
import { LOOP_TASK, ROLLBACK_NUDGE, STOP_TASK } from './agent-scenarios';
import { MATH_BUGGY, MATH_FIXED } from './fixtures';
import { readHeader, resolvedLabel, verdicts } from './storage';
import { runCommand, waitUntil } from './ui-flow';

export interface AgentFlowOptions {
  page: Page;
  view: FrameLocator;
  workspace: string;
  artifacts: string;
  log: (line: string) => void;
  /** Changes user settings (VS Code applies them live). */
  applySettings(settings: Record<string, unknown>): void;
  trajectoryFiles(): string[];
  modelRequests(): ChatRequestRecord[];
}

const TIMEOUT = 30_000;
const MATH_WRONG = MATH_BUGGY.replace('a - b', 'a * b');

export async function runAgentFlow(options: AgentFlowOptions): Promise<void> {
  const { page, view, log } = options;
  const shot = async (name: string) => {
    await page.screenshot({ path: join(options.artifacts, `${name}.png`) });
    log(`screenshot ${name}.png`);
  };
  // A restore rewrites the file: read in the middle of it, the file may briefly not exist.
  const math = () => {
    try {
      return readFileSync(join(options.workspace, 'math.js'), 'utf8');
    } catch {
      return '';
    }
  };

  log('agent: nobody is asked before edits, the loop watch only warns');
  options.applySettings({ 'crux.approvals.mode': 'auto-all', 'crux.loopWatch.policy': 'warn' });
  await view.locator('.connection', { hasText: 'Approvals: auto-all' }).waitFor({ timeout: TIMEOUT });

  log('agent: recording on, from the command palette');
  await runCommand(page, 'Crux: Set Recording Consent');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'local' }).first().click();
  await page.locator('.statusbar-item', { hasText: 'Recording: local' }).waitFor({ timeout: TIMEOUT });

  log('agent: a looping run raises the banner; rolling back from it');
  // The first flow fixed add(); the user puts the bug back, outside the editor.
  writeFileSync(join(options.workspace, 'math.js'), MATH_BUGGY);
  await submit(view, LOOP_TASK);
  const loopRun = view.locator('.run:not(:has(.run-branch))', { has: view.locator('.run-task', { hasText: LOOP_TASK }) });
  const banner = loopRun.locator('.loop-banner[data-severity="warning"]').first();
  await banner.waitFor({ timeout: TIMEOUT });
  await banner.locator('.loop-summary').waitFor();
  // Under warn the run waits for the user's choice before its next model turn.
  await banner.and(loopRun.locator('.loop-banner[data-paused]')).waitFor({ timeout: TIMEOUT });
  await banner.getByRole('button', { name: /^Keep going/ }).waitFor();
  const requestsAtPause = options.modelRequests().length;
  await page.waitForTimeout(1200);
  assert.equal(options.modelRequests().length, requestsAtPause, 'no model turn while the banner waits');
  await banner.scrollIntoViewIfNeeded();
  await shot('11-loop-banner');
  await banner.locator('.loop-steps button').first().click();
  await loopRun.locator('.tool-card.highlight').first().waitFor({ timeout: 5000 });
  await banner.getByRole('button', { name: 'Roll the files and the conversation back to before the loop' }).click();
  await waitUntil('the rollback to restore math.js on disk', () => math() === MATH_WRONG);
  await loopRun.locator('.loop-banner[data-recovery="rollback"]').waitFor({ timeout: TIMEOUT });
  await loopRun.locator('.notice-nudge', { hasText: ROLLBACK_NUDGE }).waitFor({ timeout: TIMEOUT });
  await loopRun.locator('.run-finished.reason-finished').waitFor({ timeout: TIMEOUT });
  assert.equal(math(), MATH_FIXED, 'the fix after the rollback applied to the restored file');
  assert.ok(await loopRun.locator('.tool-card.undone').count() >= 3, 'the looped steps are shown as undone');
  const afterNudge = options.modelRequests().filter((request) => request.stream && JSON.stringify(request.messages).includes(ROLLBACK_NUDGE));
  assert.ok(afterNudge.length > 0, 'the next request carried the nudge');
  assert.doesNotMatch(JSON.stringify(afterNudge[0]?.messages), /a % b/, 'and not the undone steps');
  await shot('12-rolled-back');

  const loopFile = options.trajectoryFiles().find((file) => readHeader(file).task.text === LOOP_TASK && readHeader(file).parent === null);
  assert.ok(loopFile, `the looping run was recorded: ${options.trajectoryFiles().join(', ')}`);
  const loopHeader = readHeader(loopFile);

  log('agent: accepting the run');
  await loopRun.getByRole('button', { name: 'Accept what this run did' }).click();
  await loopRun.locator('.verdict[data-verdict="accept"]').waitFor({ timeout: TIMEOUT });
  assert.deepEqual(verdicts(loopFile), ['accept']);
  assert.equal(resolvedLabel(loopFile), true, 'Accept is the success label (no tests ran)');
  // One banner per loop (escalations update it in place), and none shows a button that cannot act.
  const ids = await loopRun.locator('.loop-banner').evaluateAll((banners) => banners.map((banner) => banner.getAttribute('data-finding-id')));
  assert.equal(new Set(ids).size, ids.length, `one banner per finding: ${ids.join(', ')}`);
  assert.equal(await view.locator('.loop-banner button:disabled').count(), 0, 'no greyed-out banner buttons');

  log('agent: retrying from the step that fixed it');
  const fixCard = loopRun.locator('.tool-card', { hasText: 'a + b' }).first();
  await fixCard.getByRole('button', { name: /^Retry from step \d+/ }).click();
  await fixCard.locator('.confirm-box', { hasText: 'recorded as a branch' }).waitFor();
  await fixCard.locator('[data-confirm="retry"]').click();
  const branchRun = view.locator('.run:has(.run-branch)');
  await branchRun.locator('.run-finished.reason-finished').waitFor({ timeout: TIMEOUT });
  await branchRun.locator('.run-header').scrollIntoViewIfNeeded();
  await shot('14-retry-branch');
  const branchFile = options.trajectoryFiles().find((file) => readHeader(file).parent !== null);
  assert.ok(branchFile, 'the retry was recorded');
  const branchHeader = readHeader(branchFile);
  assert.equal(branchHeader.parent?.runId, loopHeader.runId, 'header.parent points at the first run');
  assert.equal(branchHeader.task.id, loopHeader.task.id, 'the same task');
  assert.equal(math(), MATH_FIXED);

  log('agent: restoring the files to before the retried fix');
  const branchFix = branchRun.locator('.tool-card', { hasText: 'a + b' }).first();
  await branchFix.getByRole('button', { name: /^Restore the files to before step/ }).click();
  await branchFix.locator('[data-confirm="restore"]').click();
  await waitUntil('math.js restored to before the fix', () => math() === MATH_WRONG);
  await branchRun.locator('.notice-restored').waitFor({ timeout: TIMEOUT });

  log('agent: stopping a loop from its banner');
  await submit(view, STOP_TASK);
  const stopRun = view.locator('.run', { has: view.locator('.run-task', { hasText: STOP_TASK }) });
  const stopBanner = stopRun.locator('.loop-banner').first();
  await stopBanner.waitFor({ timeout: TIMEOUT });
  await stopBanner.scrollIntoViewIfNeeded();
  await shot('13-loop-stop-banner');
  await stopBanner.getByRole('button', { name: 'Stop the run' }).click();
  await stopRun.locator('.run-finished.reason-aborted', { hasText: 'Stopped by the loop watch' }).waitFor({ timeout: TIMEOUT });
  await stopRun.locator('.loop-banner[data-recovery="stop"]').waitFor({ timeout: TIMEOUT });
  options.applySettings({});
}

async function submit(view: FrameLocator, task: string): Promise<void> {
  await view.getByRole('button', { name: 'Run the task' }).and(view.locator(':enabled')).waitFor({ timeout: TIMEOUT });
  // A new task, not a follow-up of the run before.
  await view.getByRole('button', { name: 'Start a new chat' }).click();
  await view.getByRole('textbox', { name: 'Task for the agent' }).fill(task);
  await view.getByRole('button', { name: 'Run the task' }).click();
  await view.locator('.run-task', { hasText: task }).last().waitFor({ timeout: TIMEOUT });
}
