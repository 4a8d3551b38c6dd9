// `crux run`: runs the agent headless on a workspace and reports how it ended.
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { Agent } from '../agent/agent';
import { DEFAULT_APPROVAL_SETTINGS, type ApprovalSettings } from '../agent/approval-policy';
import { defaultAgentConfig, DEFAULT_MAX_STEPS } from '../agent/config';
import { connect, ConnectionError } from '../agent/connect';
import { DEFAULT_CONTEXT_BUDGET } from '../agent/context-window';
import type { Approvals, CommandResult, Log, Terminal } from '../host/ports';
import { NodeWorkspace } from '../host/node/workspace';
import { createTerminal } from '../host/node/terminal';
import { ModelClient, ModelError } from '../model/client';
import { toolFormatInstructions } from '../model/text-tools';
import { TOOL_FORMATS, type ToolFormatSetting } from '../model/types';
import { workspacePatch } from '../tools/patch';
import { createDefaultRegistry } from '../tools/registry';
import { DEFAULT_TOOL_LIMITS } from '../tools/types';
import { ExitCode, UsageError } from './exit-codes';
import { intOption, numberOption } from './options';
import { createProgressPrinter } from './progress';
import { prepareRunWatch } from './run-watch';
import { LOOP_POLICY_NAMES, parseLoopPolicy } from './watch-options';
import type { LoopPolicyName } from '../watch/config';
import { startRunRecording, type RunRecording } from './recording';
import { NoTerminalApprovals, TerminalApprovals } from './tty-approvals';

export const DEFAULT_MODEL_URL = 'http://127.0.0.1:8000/v1';

interface RunOptions {
  workspace: string;
  task?: string;
  taskFile?: string;
  modelUrl?: string;
  model?: string;
  apiKey?: string;
  toolFormat: ToolFormatSetting;
  maxSteps: number;
  autoApprove: boolean;
  testCmd?: string;
  temperature?: number;
  maxTokens?: number;
  contextTokens: number;
  verbose: boolean;
  loopPolicy?: LoopPolicyName;
  loopConfig?: string;
  checkpointsDir?: string;
  /** False with --no-record. */
  record: boolean;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Run the agent on a workspace until it finishes, then print how it ended.')
    .requiredOption('-w, --workspace <dir>', 'the repository to work in')
    .option('-t, --task <text>', 'the task, e.g. an issue text')
    .option('-f, --task-file <file>', 'read the task from a file')
    .option('--model-url <url>', `OpenAI-compatible base URL (default: $CRUX_MODEL_URL or ${DEFAULT_MODEL_URL})`)
    .option('-m, --model <name>', "model name (default: the server's only model)")
    .option('--api-key <key>', 'API key, if the server wants one (default: $CRUX_API_KEY)')
    .option('--tool-format <format>', `how tool calls are written: ${TOOL_FORMATS.join('|')}`, parseToolFormat, 'auto')
    .option('--max-steps <n>', 'most model turns', intOption('--max-steps', 1), DEFAULT_MAX_STEPS)
    .option('-y, --auto-approve', 'run edits and commands without asking', false)
    .option('--test-cmd <cmd>', 'run this after the agent finishes; the run succeeds only if it passes')
    .option('--temperature <t>', 'sampling temperature', numberOption('--temperature', 0, 2))
    .option('--max-tokens <n>', 'most tokens in one model reply', intOption('--max-tokens', 1))
    .option('--context-tokens <n>', "the model's context window", intOption('--context-tokens', 1024), DEFAULT_CONTEXT_BUDGET.contextTokens)
    .option('-v, --verbose', "print the model's text and reasoning", false)
    .option('--loop-policy <policy>', `what the loop watch does about a loop: ${LOOP_POLICY_NAMES.join('|')} (default: nudge)`, parseLoopPolicy)
    .option('--loop-config <file>', 'loop-watch thresholds and policy (JSON; see docs/loop-watch.md)')
    .option('--checkpoints-dir <dir>', 'where rollback checkpoints are kept (default: ~/.cache/crux/checkpoints)')
    .option('--no-record', "do not record this run, even where the workspace's consent allows it")
    .action(async (options: RunOptions) => {
      process.exitCode = await runAgent(options);
    });
}

function parseToolFormat(value: string): ToolFormatSetting {
  const format = TOOL_FORMATS.find((candidate) => candidate === value);
  if (!format) throw new InvalidArgumentError(`must be one of ${TOOL_FORMATS.join(', ')}.`);
  return format;
}

async function runAgent(options: RunOptions): Promise<number> {
  const write = (line: string) => process.stdout.write(`${line}\n`);
  const log: Log = {
    debug: () => {},
    info: (message) => process.stderr.write(`crux: ${message}\n`),
    warn: (message) => process.stderr.write(`crux: warning: ${message}\n`),
    error: (message) => process.stderr.write(`crux: error: ${message}\n`),
  };
  const task = await readTask(options);
  const root = await checkWorkspace(options.workspace);
  const baseUrl = options.modelUrl ?? (process.env.CRUX_MODEL_URL || DEFAULT_MODEL_URL);
  const apiKey = options.apiKey ?? (process.env.CRUX_API_KEY || undefined);
  const client = new ModelClient({ baseUrl, ...(apiKey ? { apiKey } : {}), log });

  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(ExitCode.Interrupted);
    log.info('stopping (press Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  let recording: RunRecording | undefined;
  try {
    const connection = await connect(client, { ...(options.model ? { model: options.model } : {}), toolFormat: options.toolFormat }, controller.signal);
    const workspace = await NodeWorkspace.open(root);
    const terminal = createTerminal(log);
    const registry = createDefaultRegistry();
    const loopWatch = await prepareRunWatch(options, root, log);
    const agent = new Agent(
      {
        model: client, registry, workspace, terminal, log,
        approvals: chooseApprovals(options.autoApprove),
        approvalSettings: approvalSettings(options.autoApprove),
        computePatch: workspacePatch,
        ...(loopWatch.checkpoints ? { checkpoints: loopWatch.checkpoints } : {}),
      },
      defaultAgentConfig({
        model: connection.model,
        serverUrl: baseUrl,
        serverKind: connection.server.kind,
        toolFormat: connection.toolFormat,
        toolFormatInstructions: toolFormatInstructions(connection.toolFormat, registry.specs()),
        maxSteps: options.maxSteps,
        sampling: {
          ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
          ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
        },
        context: { ...DEFAULT_CONTEXT_BUDGET, contextTokens: options.contextTokens },
        ...(options.testCmd ? { testCommand: options.testCmd } : {}),
      }),
    );
    agent.onEvent(createProgressPrinter({ write, verbose: options.verbose }));
    const watch = loopWatch.attach(agent);
    recording = await startRunRecording({ root, enabled: options.record, write, log, ...(apiKey ? { apiKey } : {}) });
    recording.attach(agent);
    const result = await agent.run(task, controller.signal);

    if (result.reason === 'aborted' && watch.stoppedBy) return report(write, ExitCode.Failed, result.message);
    if (result.reason === 'aborted') return report(write, ExitCode.Interrupted, `stopped after ${result.steps} steps`);
    if (result.reason !== 'finished') return report(write, ExitCode.Failed, `${result.reason}: ${result.message}`);
    const summary = result.summary ? `: ${oneLine(result.summary)}` : '';
    if (!options.testCmd) return report(write, ExitCode.Ok, `finished in ${result.steps} steps${summary}`);
    const testCmd = options.testCmd;
    return await runTests(testCmd, root, terminal, write, result.steps, controller.signal, (tests) => recording?.recordTests(testCmd, tests));
  } catch (error) {
    if (error instanceof ModelError || error instanceof ConnectionError) {
      return report(write, error instanceof ModelError && error.kind === 'aborted' ? ExitCode.Interrupted : ExitCode.Failed, error.message);
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    recording?.close();
  }
}

async function runTests(
  command: string, root: string, terminal: Terminal, write: (line: string) => void, steps: number, signal: AbortSignal,
  onResult: (result: CommandResult) => void,
): Promise<number> {
  write(`crux: running the tests: ${command}`);
  const result = await terminal.run({
    command, cwd: root, timeoutMs: DEFAULT_TOOL_LIMITS.maxCommandTimeoutMs,
    maxOutputChars: DEFAULT_TOOL_LIMITS.maxCommandOutputChars, signal,
  });
  onResult(result);
  if (result.exitCode === 0) return report(write, ExitCode.Ok, `finished in ${steps} steps; tests passed`);
  const tail = result.output.trimEnd().split('\n').slice(-20).join('\n');
  write(tail);
  const why = result.timedOut ? 'timed out' : `exited with ${result.exitCode ?? 'a signal'}`;
  return report(write, ExitCode.TestsFailed, `finished in ${steps} steps, but the tests failed (${command} ${why})`);
}

function report(write: (line: string) => void, code: number, line: string): number {
  write(`crux: ${code === ExitCode.Ok ? '' : 'not done: '}${line}`);
  return code;
}

function chooseApprovals(autoApprove: boolean): Approvals {
  if (autoApprove) return new NoTerminalApprovals();
  return process.stdin.isTTY ? new TerminalApprovals(process.stdin, process.stderr) : new NoTerminalApprovals();
}

function approvalSettings(autoApprove: boolean): ApprovalSettings {
  return { ...DEFAULT_APPROVAL_SETTINGS, mode: autoApprove ? 'auto-all' : 'auto-reads' };
}

async function readTask(options: RunOptions): Promise<string> {
  if (options.task !== undefined && options.taskFile !== undefined) throw new UsageError('give either --task or --task-file, not both');
  if (options.task !== undefined) {
    if (options.task.trim() === '') throw new UsageError('--task is empty');
    return options.task;
  }
  if (options.taskFile === undefined) throw new UsageError('say what to do with --task TEXT or --task-file FILE');
  let text: string;
  try {
    text = await readFile(options.taskFile, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the task file ${options.taskFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (text.trim() === '') throw new UsageError(`the task file ${options.taskFile} is empty`);
  return text;
}

async function checkWorkspace(dir: string): Promise<string> {
  const root = resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`the workspace ${root} is not a folder`);
  return root;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
