// `npm run test:launch`: checks that `npm run launch` really works: it runs scripts/launch.sh
// (the .vsix installed into code-server, as a user gets it) on a throwaway copy of the example
// workspace, against the fake model server, and drives the Crux view through a whole run
// with playwright. Screenshots go to test-artifacts/launch/.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startModelServer } from '../test/support/model-server';
import { launchBrowser } from '../test/vscode/browser';
import { freePort, REPO_ROOT } from '../test/vscode/code-server';
import { createExampleWorkspace } from '../test/vscode/fixtures';
import { MODEL, scriptedTurn } from '../test/vscode/scenarios';
import { runUiFlow } from '../test/vscode/ui-flow';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'launch');
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);

async function main(): Promise<void> {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const temp = mkdtempSync(join(tmpdir(), 'crux-launch-'));
  const workspace = join(temp, 'workspace');
  createExampleWorkspace(workspace);
  const model = await startModelServer({ models: [MODEL], turns: (request) => scriptedTurn(request), chunkSize: 6, delayMsPerChunk: 5 });
  const port = await freePort();
  // Its own process group, so code-server and everything it starts stop together.
  const launch = spawn('bash', [join(REPO_ROOT, 'scripts', 'launch.sh')], {
    cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), CRUX_MODEL_URL: model.url, CRUX_WORKSPACE: workspace },
  });
  let output = '';
  launch.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  launch.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const browser = await launchBrowser(join(temp, 'browser-profile'));
  try {
    const url = await waitForUrl(() => output, 300_000);
    log(`launch.sh printed ${url}`);
    // Packaged per platform (vsce package --target): only this platform's node-pty, so small.
    const vsix = statSync(join(REPO_ROOT, '.cache', 'launch', 'crux.vsix')).size;
    log(`the installed .vsix is ${(vsix / 1e6).toFixed(2)} MB`);
    if (vsix > 3e6) throw new Error(`the .vsix is ${(vsix / 1e6).toFixed(1)} MB: every platform's node-pty went in`);
    await waitForHealth(`http://127.0.0.1:${port}/healthz`, 30_000);
    const page = await browser.newPage();
    await page.goto(url);
    await runUiFlow({ page, workspace, stopModelServer: () => model.close(), artifacts: ARTIFACTS, log });
    log('PASS: the launched code-server serves Crux, and a whole run works');
  } catch (error) {
    console.error(output);
    throw error;
  } finally {
    await browser.close().catch(() => {});
    if (launch.pid !== undefined) {
      try {
        process.kill(-launch.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await model.close().catch(() => {});
    rmSync(temp, { recursive: true, force: true });
  }
}

async function waitForUrl(read: () => string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /Open:\s+(http:\/\/\S+)/.exec(read());
    if (match?.[1]) return match[1];
    if (Date.now() > deadline) throw new Error('launch.sh did not print a URL in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('FAIL:', error);
    process.exit(1);
  },
);
