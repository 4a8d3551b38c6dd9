// The browser tests of the view's tools around a chat (after chat-flow.ts, in the same window,
// recording on): the live context meter read at each step and compared with the trajectory the
// run recorded; a workspace .vscode/mcp.json that a run starts only once the user trusted that
// version of the file (declined: the run goes on without it and says so; changed: asked again);
// and the model picker listing the server's /v1/models, the chosen model used by the next run,
// an unreachable server's error. It leaves the view as it found it: a new chat in act mode, the
// original model and settings, no mcp.json.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { stdioServerCommand } from '../support/mcp-server';
import { startModelServer, type ChatRequestRecord } from '../support/model-server';
import { METER_TASK, offers, PICKER_TASK, WORKSPACE_MCP_ANSWERS, WORKSPACE_MCP_TASK, WORKSPACE_SERVER, WORKSPACE_TOOL } from './chat-tools-scenarios';
import { MODEL, scriptedTurn } from './scenarios';
import type { AgentFlowOptions } from './ui-agent-flow';
import { runCommand } from './ui-flow';

const TIMEOUT = 30_000;
const PICKED_MODEL = 'crux-test-model-large';

export async function runChatToolsFlow(options: AgentFlowOptions): Promise<void> {
  const settingsFile = join(options.workspace, '.vscode', 'settings.json');
  const original = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown> : {};
  const mcpFile = join(options.workspace, '.vscode', 'mcp.json');
  try {
    await meterFlow(options, original);
    await workspaceMcpFlow(options, mcpFile);
    await modelPickerFlow(options, original);
  } finally {
    rmSync(mcpFile, { force: true });
    options.applySettings(original);
  }
}

function helpers(options: AgentFlowOptions) {
  const { page, view, log } = options;
  const idle = () => view.getByRole('button', { name: 'Run the task' }).and(view.locator(':enabled')).waitFor({ timeout: TIMEOUT });
  return {
    idle,
    shot: async (name: string) => {
      await page.screenshot({ path: join(options.artifacts, `${name}.png`) });
      log(`screenshot ${name}.png`);
    },
    /** A new chat in act mode, then the task. */
    send: async (text: string) => {
      await idle();
      await view.getByRole('button', { name: 'Start a new chat' }).click();
      await view.getByRole('combobox', { name: 'Mode', exact: true }).selectOption('act');
      await view.getByRole('textbox', { name: 'Task for the agent' }).fill(text);
      await view.getByRole('button', { name: 'Run the task' }).click();
    },
    /** The newest run of this task in the transcript. */
    run: (task: string) => view.locator('.run', { has: view.locator('.run-task', { hasText: task }) }).last(),
  };
}

async function meterFlow(options: AgentFlowOptions, original: Record<string, unknown>): Promise<void> {
  const { view, log } = options;
  const { send, shot, idle } = helpers(options);
  log('tools: the context meter shows each step and the run as the trajectory records them');
  options.applySettings({ ...original, 'crux.approvals.mode': 'auto-reads' });
  await view.locator('.connection', { hasText: 'Approvals: auto-reads' }).waitFor({ timeout: TIMEOUT });
  await send(METER_TASK);
  // The file creation waits for approval: the meter then shows the first step.
  const approval = view.locator('.approval', { hasText: 'notes/meter.txt' });
  await approval.waitFor({ timeout: TIMEOUT });
  const file = await until<string>('the trajectory of the meter run', async () => {
    const found = options.trajectoryFiles().find((candidate) => head(candidate).task.text === METER_TASK);
    return found ? { value: found } : { problem: 'not recorded yet' };
  });
  await meterShows(view, file, 1);
  await shot('27a-context-meter-step-1');
  await approval.getByRole('button', { name: 'Approve', exact: true }).click();
  await idle();
  const final = await meterShows(view, file, 2);
  assert.equal(final.total, await outcomeTotal(file), 'the run total is the outcome\'s token total');
  await shot('27b-context-meter-run');

  log('tools: a follow-up: the meter counts the new run, whose steps go on from the chat\'s');
  await idle();
  await view.getByRole('textbox', { name: 'Task for the agent' }).fill('And now say you are done.');
  await view.getByRole('button', { name: 'Run the task' }).click();
  const runId = head(file).runId;
  const child = await until<string>('the trajectory of the follow-up', async () => {
    const found = options.trajectoryFiles().find((candidate) => head(candidate).parent?.runId === runId);
    return found ? { value: found } : { problem: 'not recorded yet' };
  });
  const followUp = await meterShows(view, child, 3);
  await idle();
  assert.equal(followUp.total, await outcomeTotal(child), 'the follow-up\'s total is its own outcome\'s');
  // A new chat has none of that context: the meter goes until its first turn.
  await view.getByRole('button', { name: 'Start a new chat' }).click();
  await view.locator('.context-meter').waitFor({ state: 'hidden', timeout: TIMEOUT });
}

/** The token total of a run's outcome, once it is written. */
async function outcomeTotal(file: string): Promise<number> {
  return until<number>(`the outcome of ${file}`, async () => {
    const outcome = records(file).find((record) => record.kind === 'outcome') as { usage?: { totalTokens?: number } } | undefined;
    const total = outcome?.usage?.totalTokens;
    return total === undefined ? { problem: 'no outcome yet' } : { value: total };
  });
}

interface MeterReading {
  used: number;
  window: number;
  percent: number;
  step: number;
  prompt: number;
  completion: number;
  total: number;
}

/** Waits until the meter shows this step of the recorded run: its usage, the run's total so far,
 * and the window the header says the server gives the model. */
async function meterShows(view: FrameLocator, file: string, step: number): Promise<MeterReading> {
  return until<MeterReading>(`the context meter to show step ${step} as recorded`, async () => {
    const text = await view.locator('.context-meter .context-text').innerText({ timeout: 2_000 }).catch(() => '');
    const turns = records(file).filter((record) => record.kind === 'event' && record.type === 'model-turn') as { step: number; usage: { promptTokens: number; completionTokens: number; totalTokens: number } | null }[];
    const turn = turns.find((candidate) => candidate.step === step);
    const window = head(file).model?.server?.contextTokens;
    if (!turn?.usage || window === undefined) return { problem: `the trajectory has no usage for step ${step} or no window (meter: "${text}")` };
    const reading = parseMeter(text);
    const expected: MeterReading = {
      used: turn.usage.promptTokens + turn.usage.completionTokens, window,
      percent: Math.round(((turn.usage.promptTokens + turn.usage.completionTokens) / window) * 100),
      step, prompt: turn.usage.promptTokens, completion: turn.usage.completionTokens,
      total: turns.filter((candidate) => candidate.step <= step).reduce((sum, candidate) => sum + (candidate.usage?.totalTokens ?? 0), 0),
    };
    if (reading !== null && JSON.stringify(reading) === JSON.stringify(expected)) return { value: reading };
    return { problem: `the meter says "${text}", the trajectory ${JSON.stringify(expected)}` };
  });
}

function parseMeter(text: string): MeterReading | null {
  const match = /Context ([\d,]+) \/ ([\d,]+) tokens \((\d+)%\) · step (\d+): ([\d,]+) in, ([\d,]+) out · run ([\d,]+)/.exec(text);
  if (!match) return null;
  const [used, window, percent, step, prompt, completion, total] = match.slice(1).map((part) => Number(part.replace(/,/g, '')));
  return { used: used ?? 0, window: window ?? 0, percent: percent ?? 0, step: step ?? 0, prompt: prompt ?? 0, completion: completion ?? 0, total: total ?? 0 };
}

async function workspaceMcpFlow(options: AgentFlowOptions, mcpFile: string): Promise<void> {
  const { page, view, log } = options;
  const { send, shot, idle, run } = helpers(options);
  // The question is a quick pick that stays open until answered.
  const trustPrompt = page.locator('.quick-input-widget', { hasText: 'Start the MCP servers this workspace defines' });
  const answer = async (choice: 'Trust and Start' | 'Don\'t Start') => {
    await trustPrompt.locator('.quick-input-list .monaco-list-row', { hasText: choice }).click();
    await trustPrompt.waitFor({ state: 'hidden', timeout: TIMEOUT });
  };
  const writeConfig = (env: Record<string, string>) =>
    writeFileSync(mcpFile, JSON.stringify({ servers: { [WORKSPACE_SERVER]: { type: 'stdio', ...stdioServerCommand(), env } } }, null, 2));
  const offeredTool = () => {
    const requests = requestsFor(options.modelRequests(), WORKSPACE_MCP_TASK);
    assert.ok(requests.length > 0, 'the run asked the model');
    return offers(requests.at(-1)?.tools, WORKSPACE_TOOL);
  };
  const useTool = async (title: string) => {
    const prompt = view.locator('.approval', { hasText: `MCP ${WORKSPACE_SERVER}: echo` });
    await prompt.waitFor({ timeout: TIMEOUT });
    await prompt.getByRole('button', { name: 'Approve', exact: true }).click();
    await run(WORKSPACE_MCP_TASK).locator('.tool-card', { hasText: WORKSPACE_TOOL }).locator('.tool-result, .tool-output', { hasText: 'echo: hi' }).first().waitFor({ timeout: TIMEOUT });
    await run(WORKSPACE_MCP_TASK).locator('.run-summary', { hasText: WORKSPACE_MCP_ANSWERS.with }).waitFor({ timeout: TIMEOUT });
    assert.ok(offeredTool(), `${title}: the workspace tool is offered to the model`);
    await run(WORKSPACE_MCP_TASK).locator('.chat-context', { hasText: 'MCP tools: 10' }).waitFor({ timeout: TIMEOUT });
    await idle();
  };

  log('tools: a run asks before starting the servers of the workspace\'s .vscode/mcp.json; declined');
  writeConfig({});
  await send(WORKSPACE_MCP_TASK);
  await trustPrompt.waitFor({ timeout: TIMEOUT });
  assert.match(await trustPrompt.innerText(), new RegExp(`${WORKSPACE_SERVER}: .*mcp-server`), 'the prompt shows the command it would run');
  await shot('28a-workspace-mcp-trust-prompt');
  await answer('Don\'t Start');
  const declined = run(WORKSPACE_MCP_TASK);
  await declined.locator('.run-summary', { hasText: WORKSPACE_MCP_ANSWERS.without }).waitFor({ timeout: TIMEOUT });
  await declined.locator('.chat-context .notice-error', { hasText: `MCP servers (${WORKSPACE_SERVER}) that were not started` }).waitFor({ timeout: TIMEOUT });
  assert.match(await declined.locator('.chat-context').innerText(), /MCP tools: 5\b/, 'the user\'s own MCP server still runs');
  assert.ok(!offeredTool(), 'declined: the workspace tool is not offered');
  await shot('28b-workspace-mcp-declined');

  log('tools: the "no" holds for that version of the file; trusting it from the command palette');
  const runsBefore = await view.locator('section.run').count();
  await send(WORKSPACE_MCP_TASK);
  // The run's section appears once the run started (after any question), so this is the new run.
  await view.locator('section.run').nth(runsBefore).waitFor({ timeout: TIMEOUT });
  await view.locator('section.run').nth(runsBefore).locator('.chat-context .notice-error', { hasText: 'that were not started' }).waitFor({ timeout: TIMEOUT });
  await idle();
  // (Had it asked, the run would not have started until answered.)
  assert.equal(await trustPrompt.isVisible(), false, 'a declined file is not asked about again');
  await runCommand(page, 'Crux: Trust This Workspace\'s MCP Servers');
  await trustPrompt.waitFor({ timeout: TIMEOUT });
  await answer('Trust and Start');
  await send(WORKSPACE_MCP_TASK);
  await useTool('trusted from the command');
  await shot('28c-workspace-mcp-trusted');

  log('tools: a changed .vscode/mcp.json is asked about again; Escape is "not now"');
  writeConfig({ CRUX_TEST_CHANGED: '1' });
  await send(WORKSPACE_MCP_TASK);
  await trustPrompt.waitFor({ timeout: TIMEOUT });
  await shot('28d-workspace-mcp-changed-asks');
  await page.keyboard.press('Escape');
  await trustPrompt.waitFor({ state: 'hidden', timeout: TIMEOUT });
  await run(WORKSPACE_MCP_TASK).locator('.run-summary', { hasText: WORKSPACE_MCP_ANSWERS.without }).waitFor({ timeout: TIMEOUT });
  assert.ok(!offeredTool(), 'not now: the workspace tool is not offered');

  log('tools: asked again on the next run; trusted from the run');
  await send(WORKSPACE_MCP_TASK);
  await trustPrompt.waitFor({ timeout: TIMEOUT });
  await answer('Trust and Start');
  await useTool('trusted from the run');
  rmSync(mcpFile, { force: true });
}

async function modelPickerFlow(options: AgentFlowOptions, original: Record<string, unknown>): Promise<void> {
  const { view, log } = options;
  const { send, shot, idle, run } = helpers(options);
  const picker = view.getByRole('combobox', { name: 'Model', exact: true });
  // A server with two models; the picker asks for the list whenever it gets the focus.
  const server = await startModelServer({ models: [MODEL, PICKED_MODEL], turns: (request) => scriptedTurn(request), chunkSize: 6 });
  let closed = false;
  try {
    log('tools: the model picker lists the server\'s models');
    options.applySettings({ ...original, 'crux.modelUrl': server.url });
    await pickerOffers(picker, [MODEL, PICKED_MODEL]);
    // Several models and none chosen: the connection line points to the picker, not to
    // commands that start a server.
    const choose = view.locator('.connection[data-status="unavailable"]', { hasText: 'No model to use' });
    await choose.waitFor({ timeout: TIMEOUT });
    assert.match(await choose.innerText(), /serves several models; choose one with the Model list beside New Chat/);
    assert.equal(await choose.locator('.start-commands').count(), 0);
    await options.page.locator('.statusbar-item', { hasText: 'Crux: no model chosen' }).waitFor({ timeout: TIMEOUT });
    await shot('29a-model-picker-lists');
    await picker.selectOption(PICKED_MODEL);
    await until(`the picker to show ${PICKED_MODEL} as chosen`, async () => {
      const value = await picker.inputValue();
      return value === PICKED_MODEL ? { value } : { problem: `it shows "${value}"` };
    });
    await view.locator('.connection[data-status="connected"] .model-name', { hasText: PICKED_MODEL }).waitFor({ timeout: TIMEOUT });

    log('tools: the next run asks the chosen model');
    await send(PICKER_TASK);
    await run(PICKER_TASK).locator('.run-summary', { hasText: 'The model the picker chose answered.' }).waitFor({ timeout: TIMEOUT });
    await idle();
    const asked = requestsFor(server.requests, PICKER_TASK);
    assert.ok(asked.length > 0, 'the run went to the picked server');
    assert.deepEqual([...new Set(asked.map((request) => request.body['model']))], [PICKED_MODEL]);
    await shot('29b-model-picker-used');

    log('tools: an unreachable server: the picker says so, with the error');
    await server.close();
    closed = true;
    await until('the picker to report the unreachable server', async () => {
      await picker.evaluate((element) => element.blur());
      await picker.focus();
      const option = await picker.locator('option').first().innerText({ timeout: 2_000 }).catch(() => '');
      const title = (await picker.getAttribute('title')) ?? '';
      return option === 'No models (see the error at the top)' && title.includes('127.0.0.1') ? { value: title } : { problem: `option "${option}", title "${title}"` };
    });
    // The connection line, told by the picker, shows the whole error.
    const error = view.locator('.connection[data-status="unavailable"] .connection-error');
    await error.waitFor({ timeout: TIMEOUT });
    assert.match(await error.innerText(), new RegExp(new URL(server.url).port), 'the error names the server');
    await shot('29c-model-picker-unreachable');
  } finally {
    if (!closed) await server.close();
  }

  log('tools: back to the original server and model');
  options.applySettings(original);
  await pickerOffers(picker, [MODEL]);
  await picker.selectOption(MODEL);
  await view.locator('.connection[data-status="connected"] .model-name', { hasText: MODEL }).waitFor({ timeout: TIMEOUT });
  await idle();
  await view.getByRole('button', { name: 'Start a new chat' }).click();
}

/** Focuses the picker (which asks the host for the list) until it offers these models. */
async function pickerOffers(picker: ReturnType<FrameLocator['getByRole']>, models: string[]): Promise<void> {
  await until(`the picker to offer ${models.join(', ')}`, async () => {
    await picker.evaluate((element) => element.blur());
    await picker.focus();
    await new Promise((resolve) => setTimeout(resolve, 250));
    const offered = (await picker.locator('option').allInnerTexts()).filter((text) => models.includes(text));
    return offered.length === models.length ? { value: offered } : { problem: `it offers ${JSON.stringify(await picker.locator('option').allInnerTexts())}` };
  });
}

/** The streamed requests of runs of this task (the task is the first user message). */
function requestsFor(requests: ChatRequestRecord[], task: string): ChatRequestRecord[] {
  return requests.filter((request) => request.stream && request.messages.some((message) => {
    const { role, content } = message as { role?: unknown; content?: unknown };
    return role === 'user' && typeof content === 'string' && content.includes(task);
  }));
}

interface Head {
  runId: string;
  task: { text: string };
  parent: { runId: string; step: number } | null;
  model?: { server?: { contextTokens?: number } };
}

function head(file: string): Head {
  return JSON.parse(readFileSync(file, 'utf8').split('\n')[0] ?? '{}') as Head;
}

function records(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '').flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return []; // a line being written
    }
  });
}

/** Polls until the check gives a value; on timeout, fails with the last problem it saw. */
async function until<T>(what: string, check: () => Promise<{ value: T } | { problem: string }>): Promise<T> {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const result = await check();
    if ('value' in result) return result.value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${result.problem}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
