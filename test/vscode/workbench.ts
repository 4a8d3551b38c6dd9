// Driving the code-server workbench as a user would, for the UI tests and the benchmarks: the
// command palette, VS Code's own file dialog, and the frames of webviews (each webview is an
// iframe with its page in an inner frame).
import type { Frame, FrameLocator, Page } from 'playwright-core';

export const TIMEOUT = 60_000;

export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
}

/** Types a path into the file dialog and accepts it; resolves with the time (ms since the
 * epoch) of the click that the dialog took. */
export async function acceptInDialog(page: Page, path: string, buttonLabel: string): Promise<number> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  const accept = widget.locator('.monaco-button', { hasText: buttonLabel });
  await accept.waitFor({ timeout: TIMEOUT });
  const quick = { timeout: 500 };
  let clicked = 0;
  const deadline = Date.now() + TIMEOUT;
  while (await accept.isVisible()) {
    if (Date.now() > deadline) throw new Error(`the file dialog did not take ${path}`);
    // The dialog fills in its starting folder on its own; type over it until it stays.
    if ((await input.inputValue(quick).catch(() => path)) !== path) {
      await input.fill(path, quick).catch(() => undefined);
      clicked = 0;
    }
    await page.waitForTimeout(200);
    if ((await input.inputValue(quick).catch(() => '')) === path) {
      // The first click on the settled path counts; a repeat only means the dialog was slow.
      if (clicked === 0) clicked = Date.now();
      await accept.click(quick).catch(() => undefined);
      await page.waitForTimeout(50);
    }
  }
  return clicked;
}

/** The webview page (inner frame) for which `probe` returns true. */
export async function webviewFrame(page: Page, probe: string, timeoutMs = TIMEOUT): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const found = await frame.evaluate(probe).catch(() => false);
      if (found === true) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview matched ${probe}`);
    await page.waitForTimeout(50);
  }
}

/** The Crux editor panel (history, viewer, tree) whose page shows `selector`. */
export async function panelFrame(page: Page, selector: string): Promise<FrameLocator> {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const frames = page.locator('iframe.webview.ready');
    const count = await frames.count();
    for (let i = 0; i < count; i++) {
      const frame = page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame');
      if (await frame.locator(selector).count().catch(() => 0) > 0) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no Crux panel shows ${selector}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
