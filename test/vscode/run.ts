// `npm run test:vscode`: the extension in a real VS Code (code-server 4.100.3 + headless
// Chromium), against the fake model server. Two phases on one server:
//   1. the in-extension-host mocha suite (activation, commands, ports, a whole run);
//   2. playwright driving the Crux webview like a user (run, approve, diff), then the run history,
//      viewer and tree panels (views-flow.ts), with screenshots.
// Artifacts (screenshots, logs) go to test-artifacts/vscode/.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { startLlamaServer, vocabGguf, writeTinyModel, type LlamaServer } from '../support/llama-server';
import { startModelServer, type ModelServer } from '../support/model-server';
import { enableSmokeTestDriver, exposeAutomation, launchBrowser, workbenchUrl } from './browser';
import { buildAll, SUITE_ENTRY } from './build';
import { ensureCodeServer, REPO_ROOT, startCodeServer, type CodeServer } from './code-server';
import { createExampleWorkspace, makeTestDirs, writeUserSettings, writeWorkspaceSettings } from './fixtures';
import { MODEL, scriptedTurn } from './scenarios';
import { trajectoryFiles } from './storage';
import { runEditorFlow } from './editor-flow';
import { runKeyboardFlow, runServerDownFlow } from './keyboard-flow';
import { runAgentFlow } from './ui-agent-flow';
import { runChatFlow } from './chat-flow';
import { runChatReloadFlow } from './chat-reload-flow';
import { runChatToolsFlow } from './chat-tools-flow';
import { runRulesFlow } from './rules-flow';
import { stdioServerCommand } from '../support/mcp-server';
import { runUiFlow, type UiFlowOptions } from './ui-flow';
import { prepareViewFixtures, viewFixtureEnv, viewFixturePaths } from './view-fixtures';
import { runViewsFlow } from './views-flow';
import { startTeamForVsCode, type TeamForVsCode } from './team-fixture';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'vscode');
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const log = (line: string) => console.log(`[${elapsed()}] ${line}`);

/** The vocabulary's own ChatML template (no tools) and a 2,048-token window, as the engine tier. */
async function startTinyLlamaServer(root: string): Promise<LlamaServer> {
  const modelPath = join(root, 'tiny-chatml.gguf');
  writeTinyModel(modelPath, { vocabGguf: vocabGguf() });
  return startLlamaServer({ model: modelPath, ctx: 2048, jinja: true, alias: 'tiny-chatml' });
}

async function main(): Promise<number> {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  ensureCodeServer();
  await buildAll();
  log('built the extension and the in-host suite');

  const dirs = makeTestDirs();
  createExampleWorkspace(dirs.workspace);
  createExampleWorkspace(dirs.uiWorkspace);
  let model: ModelServer | undefined;
  let llama: LlamaServer | undefined;
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  let team: TeamForVsCode | undefined;
  try {
    // A real PostgreSQL for the team store test (suite/team.test.ts).
    team = await startTeamForVsCode();
    model = await startModelServer({ models: [MODEL], turns: (request) => scriptedTurn(request), chunkSize: 6, delayMsPerChunk: 5 });
    // A real llama-server for the connection check (the real-engine tier's tiny model).
    llama = await startTinyLlamaServer(dirs.root);
    writeUserSettings(dirs.userData, { 'crux.modelUrl': model.url });
    // Recorded runs for the run history, viewer and tree, made while code-server starts.
    const viewFixtures = prepareViewFixtures(dirs.root);
    viewFixtures.catch(() => undefined);
    server = await startCodeServer({
      workspace: dirs.workspace, userDataDir: dirs.userData, extensionsDir: dirs.extensions, xdgDir: dirs.xdg,
      logFile: join(dirs.root, 'code-server.log'), env: { CRUX_MODEL_URL: model.url, ...viewFixtureEnv(viewFixturePaths(dirs.root)), ...team.env, CRUX_TEST_LLAMA_URL: llama.baseUrl },
    });
    const fixtures = await viewFixtures;
    log(`code-server at ${server.url}, model server at ${model.url}`);
    browser = await launchBrowser(dirs.browserProfile);

    // CRUX_SKIP_IN_HOST=1: only the browser flows (while working on them).
    const failures = process.env.CRUX_SKIP_IN_HOST === '1' ? 0 : await inHostPhase(browser, server, dirs.workspace);
    if (failures !== 0) return failures;
    // CRUX_VSCODE_PHASES=in-host: only the in-host suite (with CRUX_SUITE_GREP, one file of it).
    if (process.env.CRUX_VSCODE_PHASES === 'in-host') return 0;
    // The webview flow runs in a dark theme (the launch check sees the light one), so the
    // screenshots show the view follows the theme. Read when the new window loads.
    const uiSettings = {
      'crux.modelUrl': model.url, 'workbench.colorTheme': 'Default Dark Modern',
      // A real MCP server written with the SDK (chat-flow.ts calls its echo tool).
      'crux.mcp.servers': { servers: { test: stdioServerCommand() } },
    };
    writeUserSettings(dirs.userData, uiSettings);
    const stoppable = model;
    const files = () => trajectoryFiles(dirs.userData, dirs.uiWorkspace);
    let cruxView: FrameLocator | undefined;
    await uiPhase(browser, server, dirs.uiWorkspace, () => stoppable.close(), {
      trajectoryFiles: files,
      // The server coming back and going again, then the run history, viewer and tree (they
      // need no model server).
      afterFlow: async (page) => {
        if (!cruxView) throw new Error('the agent flows did not run');
        await runServerDownFlow({
          page, view: cruxView, artifacts: ARTIFACTS, log,
          restartModelServer: async () => {
            const again = await startModelServer({ models: [MODEL], turns: (request) => scriptedTurn(request), port: Number(new URL(stoppable.url).port) });
            return () => again.close();
          },
        });
        await runViewsFlow({ page, fixtures, artifacts: ARTIFACTS, log });
      },
      // Loop warnings, rollback, stop, retry and consent, in the same window before the server
      // stops; then conversations, the editor experience and keyboard-only use.
      beforeServerStops: async (view, page) => {
        cruxView = view;
        const flow = {
          page, view, workspace: dirs.uiWorkspace, artifacts: ARTIFACTS, log, trajectoryFiles: files,
          // Workspace settings: code-server applies a changed workspace settings file at once, a
          // changed user settings file only in the next window.
          applySettings: (settings: Record<string, unknown>) => writeWorkspaceSettings(dirs.uiWorkspace, settings),
          modelRequests: () => stoppable.requests,
        };
        await runAgentFlow(flow);
        // Follow-ups, ask mode, rules, the draft across a reload, New Chat, an MCP tool.
        await runChatFlow(flow);
        // A chat reopened and drawn again; a reload mid-run, then Resume.
        await runChatReloadFlow(flow);
        await runChatToolsFlow(flow); // the context meter, a workspace mcp.json's trust, the model picker
        await runRulesFlow(flow);
        await runEditorFlow({ page, view, artifacts: ARTIFACTS, log, modelRequests: () => stoppable.requests });
        await runKeyboardFlow({ page, view, artifacts: ARTIFACTS, log });
      },
    });
    log('PASS: in-host suite and webview flow');
    return 0;
  } catch (error) {
    console.error(`[${elapsed()}] FAIL:`, error);
    return 1;
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    await model?.close().catch(() => {});
    await team?.stop().catch(() => {});
    await llama?.stop().catch(() => {});
    if (server) copyFileSync(server.logFile, join(ARTIFACTS, 'code-server.log'));
    if (process.env.CRUX_KEEP_TEST_DIRS !== '1') rmSync(dirs.root, { recursive: true, force: true });
    log(`done; artifacts in ${ARTIFACTS}`);
  }
}

/** Phase 1: the workbench runs the suite in the extension host and reports its exit code. */
async function inHostPhase(browser: BrowserContext, server: CodeServer, workspace: string): Promise<number> {
  const page = await browser.newPage();
  const hooks = await exposeAutomation(page, (line) => console.log(line));
  await enableSmokeTestDriver(page);
  log('phase 1: extension tests in the extension host');
  await page.goto(workbenchUrl(server.url, { folder: workspace, extensionDevelopmentPath: REPO_ROOT, extensionTestsPath: SUITE_ENTRY }));
  const code = await withTimeout(hooks.exitCode, 180_000, 'the extension tests');
  await page.screenshot({ path: join(ARTIFACTS, '00-in-host-suite.png') }).catch(() => {});
  await page.close();
  log(`phase 1: extension tests exited with ${code}`);
  return code;
}

/** Phase 2: a fresh window with the extension in development mode, driven by playwright. */
async function uiPhase(
  browser: BrowserContext, server: CodeServer, workspace: string, stopModelServer: () => Promise<void>,
  more: Pick<UiFlowOptions, 'trajectoryFiles' | 'beforeServerStops'> & { afterFlow?: (page: Page) => Promise<void> } = {},
): Promise<void> {
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Crux')) log(`[browser] ${message.text()}`);
  });
  await enableSmokeTestDriver(page);
  log('phase 2: webview flow');
  await page.goto(workbenchUrl(server.url, { folder: workspace, extensionDevelopmentPath: REPO_ROOT }));
  try {
    const { afterFlow, ...flow } = more;
    await runUiFlow({ page, workspace, stopModelServer, artifacts: ARTIFACTS, log, submitWith: 'keyboard', ...flow });
    await afterFlow?.(page);
  } catch (error) {
    await page.screenshot({ path: join(ARTIFACTS, 'failure.png') }).catch(() => {});
    throw error;
  } finally {
    await page.close();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

main().then(
  (code) => {
    log(`test:vscode ${code === 0 ? 'passed' : `failed (${code})`}`);
    process.exit(code);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
