// The extension in a real VS Code (code-server) and a real browser (headless Chromium), each
// measure against a baseline taken in the same run:
//   1. activation: Crux's activate() (code loading included) against an empty extension's and
//      against the workbench's own load in the same window;
//   2. the viewer's first paint of a 2,000-step run (virtualised) against a 20-step run;
//   3. streaming into the agent view at 1,000 tokens/s: the rate the page takes the text at,
//      its long tasks, and that the text shown is exactly the text sent.
// Run alone: node --import tsx bench/extension.ts (CRUX_BENCH_EXT_REPS, CRUX_BENCH_EXT_TOKENS).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { serializeTrajectory } from '../src/trajectory/jsonl';
import { longTrajectory } from '../test/support/long-trajectory';
import { enableSmokeTestDriver, exposeAutomation, launchBrowser } from '../test/vscode/browser';
import { ensureCodeServer, REPO_ROOT, startCodeServer, type CodeServer } from '../test/vscode/code-server';
import { createExampleWorkspace, makeTestDirs, writeUserSettings } from '../test/vscode/fixtures';
import type { BenchReport } from './report';
import { REPORT_PREFIX, type ActivationReport } from './vscode/activation-report';
import { streamObservation, timeViewerPaint, watchStream, type PaintTiming } from './vscode/measure';
import { startPacedServer, type PacedStream } from './vscode/paced-server';
import { TIMEOUT, webviewFrame } from '../test/vscode/workbench';

const MODEL = 'bench-model';
const STREAM_TASK = 'BENCH: stream the long answer';
const TOKENS_PER_SECOND = 1000;
const CHARS_PER_TOKEN = 4;
const RUNNER = join(REPO_ROOT, 'out', 'bench', 'activation-runner.js');

interface Activation extends ActivationReport {
  /** From the page's navigation to the extension host running the runner (ms). */
  workbench: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** Distinct numbered words, so a lost or reordered piece changes the text. */
export function streamText(tokens: number): string {
  let text = '';
  for (let i = 0; text.length < tokens * CHARS_PER_TOKEN; i++) text += `w${i.toString(36).padStart(4, '0')}${i % 12 === 11 ? '\n' : ' '}`;
  return text.slice(0, tokens * CHARS_PER_TOKEN);
}

async function build(): Promise<void> {
  execFileSync(process.execPath, [join(REPO_ROOT, 'esbuild.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
  await esbuild.build({
    entryPoints: [join(REPO_ROOT, 'bench', 'vscode', 'activation-runner.ts')], outfile: RUNNER,
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', external: ['vscode'],
  });
}

/** Each open gets a file of its own: opening an open file only reveals its tab. */
function copyOf(file: string, rep: number): string {
  const copy = file.replace(/\.jsonl$/, `-${rep}.jsonl`);
  copyFileSync(file, copy);
  return copy;
}

function writeEmptyExtension(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'empty', publisher: 'crux-bench', version: '0.0.1', engines: { vscode: '^1.100.0' }, main: './extension.js', activationEvents: [],
  }));
  writeFileSync(join(dir, 'extension.js'), 'exports.activate = () => {};\nexports.deactivate = () => {};\n');
}

/** A fresh window per repetition (a fresh extension host), activating both extensions. */
async function measureActivation(browser: BrowserContext, server: CodeServer, workspace: string): Promise<Activation> {
  const page = await browser.newPage();
  try {
    let report: ActivationReport | undefined;
    const lines: string[] = [];
    const hooks = await exposeAutomation(page, (line) => {
      lines.push(line);
      const at = line.indexOf(REPORT_PREFIX);
      if (at >= 0) report = JSON.parse(line.slice(at + REPORT_PREFIX.length)) as ActivationReport;
    });
    await enableSmokeTestDriver(page);
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://remote${REPO_ROOT}`],
      ['extensionTestsPath', `vscode-remote://remote${RUNNER}`],
    ];
    const started = Date.now();
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const code = await Promise.race([hooks.exitCode, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('activation runner timed out')), 120_000))]);
    if (code !== 0 || !report) throw new Error(`the activation runner failed (exit ${code}):\n${lines.slice(-20).join('\n')}`);
    return { ...report, workbench: report.hostReady - started };
  } finally {
    await page.close();
  }
}

async function openWindow(browser: BrowserContext, server: CodeServer, workspace: string): Promise<Page> {
  const page = await browser.newPage();
  await enableSmokeTestDriver(page);
  const payload = [['extensionDevelopmentPath', `vscode-remote://remote${REPO_ROOT}`]];
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  await page.locator('.activitybar .action-item a[aria-label^="Crux"]').first().waitFor({ timeout: TIMEOUT });
  return page;
}

interface StreamResult {
  tokens: number; sentRate: number; viewRate: number; endLagMs: number; longTasks: number; longestTaskMs: number; identical: boolean;
  /** Where the text shown first differs from the text sent (null when identical). */
  difference: { at: number; shownLength: number; sentLength: number; shown: string; sent: string } | null;
}

function firstDifference(shown: string, sent: string): StreamResult['difference'] {
  if (shown === sent) return null;
  let at = 0;
  while (at < shown.length && at < sent.length && shown[at] === sent[at]) at++;
  return { at, shownLength: shown.length, sentLength: sent.length, shown: shown.slice(Math.max(0, at - 20), at + 40), sent: sent.slice(Math.max(0, at - 20), at + 40) };
}

async function measureStream(page: Page, paced: PacedStream, text: string): Promise<StreamResult> {
  await page.locator('.activitybar .action-item a[aria-label^="Crux"]').first().click();
  const frame = await webviewFrame(page, `!!document.querySelector('.task-input')`);
  await frame.locator('.connection[data-status="connected"]').waitFor({ timeout: TIMEOUT });
  await watchStream(frame);
  await frame.locator('.task-input').fill(STREAM_TASK);
  await frame.locator('.task-input').press('Control+Enter');
  // The workspace's first run asks whether to record; this benchmark records nothing.
  await frame.getByRole('button', { name: "Don't record" }).click({ timeout: 10_000 }).catch(() => undefined);
  await frame.locator('.run-finished').waitFor({ timeout: 120_000 });
  const seen = await streamObservation(frame);
  const sent = paced.sent;
  if (!sent) throw new Error('the measured reply was never requested');
  const tokens = text.length / CHARS_PER_TOKEN;
  return {
    tokens,
    sentRate: round(tokens / ((sent.last - sent.first) / 1000), 0),
    viewRate: round(tokens / ((seen.lastText - seen.firstText) / 1000), 0),
    endLagMs: round(seen.lastText - sent.last, 0),
    longTasks: seen.longTasks,
    longestTaskMs: round(seen.longestTaskMs, 0),
    identical: seen.finalText === text && seen.characters === text.length,
    difference: firstDifference(seen.finalText, text),
  };
}

export async function run(): Promise<BenchReport> {
  const reps = Number(process.env.CRUX_BENCH_EXT_REPS ?? 3);
  const text = streamText(Number(process.env.CRUX_BENCH_EXT_TOKENS ?? 5000));
  ensureCodeServer();
  await build();
  const dirs = makeTestDirs('crux-bench-ext-');
  createExampleWorkspace(dirs.workspace);
  // The empty extension is installed (a window takes one development extension: Crux).
  writeEmptyExtension(join(dirs.extensions, 'crux-bench.empty-0.0.1'));
  const files = { long: join(dirs.root, 'long-2000.jsonl'), short: join(dirs.root, 'short-20.jsonl') };
  writeFileSync(files.long, serializeTrajectory(longTrajectory(2000)));
  writeFileSync(files.short, serializeTrajectory(longTrajectory(20)));
  const paced = await startPacedServer({ model: MODEL, task: STREAM_TASK, text, tokensPerSecond: TOKENS_PER_SECOND, charsPerToken: CHARS_PER_TOKEN });
  writeUserSettings(dirs.userData, { 'crux.modelUrl': paced.url, 'workbench.colorTheme': 'Default Dark Modern', 'crux.approvals.mode': 'auto-all' });
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  try {
    server = await startCodeServer({
      workspace: dirs.workspace, userDataDir: dirs.userData, extensionsDir: dirs.extensions, xdgDir: dirs.xdg, logFile: join(dirs.root, 'code-server.log'),
    });
    browser = await launchBrowser(dirs.browserProfile);
    const activations: Activation[] = [];
    for (let rep = 0; rep < reps; rep++) activations.push(await measureActivation(browser, server, dirs.workspace));
    const page = await openWindow(browser, server, dirs.workspace);
    const paints: { long: PaintTiming[]; short: PaintTiming[] } = { long: [], short: [] };
    // One unmeasured open first: the first webview of a window also loads the bundle and CSS.
    await timeViewerPaint(page, files.short);
    for (let rep = 0; rep < reps; rep++) {
      paints.short.push(await timeViewerPaint(page, copyOf(files.short, rep)));
      paints.long.push(await timeViewerPaint(page, copyOf(files.long, rep)));
    }
    const stream = await measureStream(page, paced, text);
    return report(activations, paints, stream);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await paced.close();
    rmSync(dirs.root, { recursive: true, force: true });
  }
}

function report(activations: Activation[], paints: { long: PaintTiming[]; short: PaintTiming[] }, stream: StreamResult): BenchReport {
  const crux = median(activations.map((a) => a.crux));
  const empty = median(activations.map((a) => a.empty));
  const workbench = median(activations.map((a) => a.workbench));
  const long = median(paints.long.map((p) => p.totalMs));
  const short = median(paints.short.map((p) => p.totalMs));
  // From the page's handshake to the first rows: reading the file, the message, rendering. The
  // time before it is VS Code making the webview (about 1 s per new webview in code-server).
  const longOwn = median(paints.long.map((p) => p.inPageMs - p.readyMs));
  const shortOwn = median(paints.short.map((p) => p.inPageMs - p.readyMs));
  const rowsDrawn = Math.max(...paints.long.map((p) => p.rowsDrawn));
  const rows: BenchReport['rows'] = [
    { measure: 'activation: Crux activate() (ms, median)', value: round(crux), baseline: round(empty, 2), 'baseline is': 'an empty extension', ratio: round(crux / empty) },
    { measure: 'activation: Crux vs the workbench load (ms)', value: round(crux), baseline: round(workbench, 0), 'baseline is': 'page load to extension host ready', ratio: round(crux / workbench, 3) },
    { measure: 'viewer first paint, 2,000 steps (ms)', value: round(long, 0), baseline: round(short, 0), 'baseline is': '20 steps', ratio: round(long / short, 2) },
    { measure: 'viewer: page ready to first rows, 2,000 steps (ms)', value: round(longOwn, 0), baseline: round(shortOwn, 0), 'baseline is': '20 steps', ratio: round(longOwn / shortOwn, 2) },
    { measure: 'viewer rows in the document, 2,000 steps', value: rowsDrawn, baseline: 2002, 'baseline is': 'rows of the run', ratio: round(rowsDrawn / 2002, 3) },
    { measure: `stream into the agent view (tok/s, ${stream.tokens} tokens)`, value: stream.viewRate, baseline: stream.sentRate, 'baseline is': 'rate the server sent', ratio: round(stream.viewRate / stream.sentRate, 3) },
    { measure: 'stream: last text after the last chunk (ms)', value: stream.endLagMs, baseline: 0, 'baseline is': '-', ratio: 0 },
    { measure: 'stream: long tasks (>50 ms) in the page', value: stream.longTasks, baseline: stream.longestTaskMs, 'baseline is': 'longest (ms)', ratio: 0 },
  ];
  const summary = `activation ${round(crux)} ms (${round(crux / empty)}x an empty extension's ${round(empty, 2)} ms; ${round((100 * crux) / workbench, 1)}% of the workbench load, ${round(workbench / 1000, 2)} s); `
    + `viewer first paint ${round(long, 0)} ms for 2,000 steps vs ${round(short, 0)} ms for 20 (${round(long / short, 2)}x; from the page's handshake ${round(longOwn, 0)} vs ${round(shortOwn, 0)} ms; ${rowsDrawn} rows drawn); `
    + `stream ${stream.viewRate} tok/s shown of ${stream.sentRate} sent, text ${stream.identical ? 'identical' : 'DIFFERENT'}, ${stream.longTasks} long tasks`;
  const result: BenchReport = { name: 'extension', summary, rows };
  const dir = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'extension.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, ...result, activations, paints, stream }, null, 2)}\n`);
  if (!stream.identical) throw new Error(`the agent view's text differs from the text streamed: ${summary}`);
  return result;
}

if (/[\\/]bench[\\/]extension\.ts$/.test(process.argv[1] ?? '')) {
  run().then((result) => {
    console.log(result.summary);
    console.table(result.rows);
  }, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
