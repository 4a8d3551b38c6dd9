// Headless Debian Chromium driven by playwright-core, pointed at the code-server workbench.
import { join } from 'node:path';
import { format } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CRUX_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A browser with its own profile folder (passed here, not as --user-data-dir). */
export async function launchBrowser(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
}

export interface WorkbenchPaths {
  folder: string;
  extensionDevelopmentPath: string;
  /** Absent: the extension loads in development mode without running tests. */
  extensionTestsPath?: string;
}

/** code-server's CLI rejects --extensionDevelopmentPath; the workbench takes it from the
 * page URL's `payload` instead (honoured with the smoke-test driver on, see below). */
export function workbenchUrl(serverUrl: string, paths: WorkbenchPaths): string {
  const payload: [string, string][] = [['extensionDevelopmentPath', `vscode-remote://remote${paths.extensionDevelopmentPath}`]];
  if (paths.extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://remote${paths.extensionTestsPath}`]);
  return `${serverUrl}/?folder=${encodeURIComponent(paths.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Lets the workbench honour the URL's `payload` (see smoke-driver.js). */
export async function enableSmokeTestDriver(page: Page): Promise<void> {
  await page.addInitScript({ path: join(__dirname, 'smoke-driver.js') });
}

export interface AutomationHooks {
  /** Resolves with the exit code the workbench reports when the extension tests end. */
  exitCode: Promise<number>;
}

/** The workbench reports the extension tests' output and exit code through these. */
export async function exposeAutomation(page: Page, log: (line: string) => void): Promise<AutomationHooks> {
  let resolveExit: (code: number) => void = () => {};
  const exitCode = new Promise<number>((resolveCode) => {
    resolveExit = resolveCode;
  });
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
    // The extension host's console calls arrive as printf-style argument lists (mocha's
    // reporter uses "%s" and "%d"); format them as Node's console would.
    log(`[ext ${type}] ${Array.isArray(args) ? format(...(args as unknown[])) : String(args)}`);
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
  return { exitCode };
}
