// `crux run`: runs the agent headless on a workspace and reports how it ended.
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_MAX_STEPS } from '../agent/config';
import { connect, ConnectionError } from '../agent/connect';
import { DEFAULT_CONTEXT_BUDGET } from '../agent/context-window';
import type { Approvals, CommandResult, Terminal } from '../host/ports';
import { createLocalAgent } from '../host/node/local-agent';
import { ModelError } from '../model/client';
import { DEFAULT_TOOL_LIMITS } from '../tools/types';
import { ExitCode, UsageError } from './exit-codes';
import { DEFAULT_MAX_RUN_FILE_BYTES } from '../trajectory/recorder';
import { abortOnInterrupt, addModelOptions, interruptedExitCode, modelClient, stderrLog, type ModelOptions } from './model-options';
import { intOption, numberOption, oneOf } from './options';
import { AGENT_MODES, type AgentMode } from '../agent/mode';
import { attachMentions, prepareRunContext, runMode, type RunContext } from './run-context';
import { terminalWaitDisplay } from './first-token-wait';
import { createProgressPrinter } from './progress';
import { DEFAULT_MODEL_CHECK, ModelCheck } from '../watch/model-check';
import { prepareRunWatch } from './run-watch';
import { LOOP_POLICY_NAMES, parseLoopPolicy } from './watch-options';
import type { LoopPolicyName } from '../watch/config';
import { EMPTY_PATCH_NUDGE } from '../watch/recovery';
import { startRunRecording, type RunRecording } from './recording';
import { NoTerminalApprovals, TerminalApprovals } from './tty-approvals';
import { RefusalCount } from './refusals';
import { addCommandPolicyOptions, resolveApprovalSettings, type CommandPolicyOptions } from './command-policy-options';

interface RunOptions extends ModelOptions, CommandPolicyOptions {
  workspace: string;
  task?: string;
  taskFile?: string;
  maxSteps: number;
  autoApprove: boolean;
  testCmd?: string;
  temperature?: number;
  maxTokens?: number;
  contextTokens?: number;
  verbose: boolean;
  loopPolicy?: LoopPolicyName;
  loopConfig?: string;
  checkpointsDir?: string;
  loopModelCheck: boolean;
  loopModelUrl?: string;
  loopModel?: string;
  /** False with --no-record. */
  record: boolean;
  continue?: string;
  mode?: AgentMode;
  mcpConfig?: string;
  mcpAllow: string[];
  rules: boolean;
  rulesFile?: string[];
  maxRecordMb: number;
}

export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description('Run the agent on a workspace until it finishes, then print how it ended.')
    .requiredOption('-w, --workspace <dir>', 'the repository to work in')
    .option('-t, --task <text>', 'the task, e.g. an issue text')
    .option('-f, --task-file <file>', 'read the task from a file');
  addModelOptions(command)
    .option('--max-steps <n>', 'most model turns', intOption('--max-steps', 1), DEFAULT_MAX_STEPS)
    .option('-y, --auto-approve', 'run edits and commands without asking (risky commands still ask: see --allow-risky)', false)
    .option('--test-cmd <cmd>', 'run this after the agent finishes; the run succeeds only if it passes')
    .option('--temperature <t>', 'sampling temperature', numberOption('--temperature', 0, 2))
    .option('--max-tokens <n>', 'the reply budget, sent as max_tokens (default: a quarter of the window, at most 4096)', intOption('--max-tokens', 1))
    .option('--context-tokens <n>', `the model's context window (default: what the server reports, else ${DEFAULT_CONTEXT_BUDGET.contextTokens})`, intOption('--context-tokens', 1024))
    .option('-v, --verbose', "print the model's text and reasoning", false)
    .option('--loop-policy <policy>', `what the loop watch does about a loop: ${LOOP_POLICY_NAMES.join('|')} (default: nudge)`, parseLoopPolicy)
    .option('--loop-config <file>', 'loop-watch thresholds and policy (JSON; see docs/loop-watch.md)')
    .option('--loop-model-check', 'also ask the served model, now and then, whether the run is looping (see docs/loop-watch.md)', false)
    .option('--loop-model-url <url>', 'ask this OpenAI-compatible server instead (implies --loop-model-check)')
    .option('--loop-model <name>', 'the model to ask (default: the served model)')
    .option('--checkpoints-dir <dir>', 'where rollback checkpoints are kept (default: ~/.cache/crux/checkpoints)')
    .option('--no-record', "do not record this run, even where the workspace's consent allows it")
    .option('-c, --continue <run>', 'continue a recorded run (a run id, a unique prefix of it, a trajectory file, or "last": the latest conversation) with --task as the follow-up')
    .option('--mode <mode>', 'act: change the code (default); ask: answer a question, read-only', oneOf(AGENT_MODES))
    .option('--mcp-config <file>', "MCP servers whose tools the agent may use (VS Code's mcp.json shape, or {\"mcpServers\": ...})")
    .option('--mcp-allow <server[/tool]>', 'run these MCP tools without asking (repeatable; default: ask)', collect, [])
    .option('--rules-file <path>', 'project rule files to read instead of AGENTS.md, .clinerules, CLAUDE.md, .github/copilot-instructions.md (repeatable)', collect)
    .option('--no-rules', "do not put the project's rule files into the prompt")
    .option('--max-record-mb <n>', 'the most a run file may take; later events are not recorded', intOption('--max-record-mb', 1), DEFAULT_MAX_RUN_FILE_BYTES / (1024 * 1024));
  addCommandPolicyOptions(command)
    .action(async (options: RunOptions) => {
      process.exitCode = await runAgent(options);
    });
}

async function runAgent(options: RunOptions): Promise<number> {
  const write = (line: string) => process.stdout.write(`${line}\n`);
  const log = stderrLog();
  const task = await readTask(options);
  const root = await checkWorkspace(options.workspace);
  const approvalSettings = await resolveApprovalSettings(options, options.autoApprove ? 'auto-all' : 'auto-reads');
  const { client, apiKey, baseUrl } = modelClient(options, log);
  const controller = new AbortController();
  const stopListening = abortOnInterrupt(controller, log, 'stopping');
  let recording: RunRecording | undefined;
  let context: RunContext | undefined;
  try {
    const mentioned = await attachMentions(task, root, write);
    context = await prepareRunContext({
      rules: options.rules, ...(options.continue !== undefined ? { continue: options.continue } : {}), activeFiles: mentioned.activeFiles,
      ...(options.mcpConfig !== undefined ? { mcpConfig: options.mcpConfig } : {}), ...(options.rulesFile ? { ruleFiles: options.rulesFile } : {}),
    }, root, write, log);
    const { continuation } = context;
    const connection = await connect(client, { ...(options.model ? { model: options.model } : {}), toolFormat: options.toolFormat }, controller.signal);
    const modelCheck = options.loopModelCheck || options.loopModelUrl ? new ModelCheck({
      ...DEFAULT_MODEL_CHECK, url: options.loopModelUrl ?? baseUrl, model: options.loopModel ?? connection.model,
      ...(apiKey && !options.loopModelUrl ? { apiKey } : {}),
    }) : undefined;
    const loopWatch = await prepareRunWatch({ ...options, ...(modelCheck ? { modelCheck } : {}) }, root, log);
    const { agent, terminal } = await createLocalAgent({
      root, client, connection, log, ...(apiKey ? { apiKey } : {}),
      approvals: chooseApprovals(),
      approvalSettings: { ...approvalSettings, allowMcpTools: options.mcpAllow },
      ...(context.mcp ? { extraTools: context.mcp.tools } : {}),
      mode: runMode(options.mode, continuation),
      projectRules: context.projectRules, nestedRules: context.nestedRules,
      ...(loopWatch.checkpoints ? { checkpoints: loopWatch.checkpoints } : {}),
      maxSteps: options.maxSteps,
      sampling: {
        ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
        ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
      },
      ...(options.contextTokens !== undefined ? { contextTokens: options.contextTokens } : {}),
      ...(options.testCmd ? { testCommand: options.testCmd } : {}),
    });
    agent.onEvent(createProgressPrinter({ write, verbose: options.verbose, wait: terminalWaitDisplay(write) }));
    const refusals = new RefusalCount();
    agent.onEvent(refusals.listener);
    const watch = loopWatch.attach(agent);
    if (continuation) watch.prime(continuation.source);
    let refusedEmptyFinishes = 0;
    agent.onEvent((event) => {
      if (event.type === 'tool-result' && event.name === 'finish' && event.output === EMPTY_PATCH_NUDGE) refusedEmptyFinishes++;
    });
    recording = await startRunRecording({
      root, enabled: options.record, write, log, maxFileBytes: options.maxRecordMb * 1024 * 1024, ...(apiKey ? { apiKey } : {}),
      ...(continuation ? { continues: { runId: continuation.runId, step: continuation.lastStep, taskId: continuation.taskId } } : {}),
    });
    recording.attach(agent);
    const result = continuation
      ? await agent.run(continuation.taskText, controller.signal, {
        messages: continuation.messages, step: continuation.lastStep + 1, followUp: mentioned.text, previousMode: continuation.mode,
      })
      : await agent.run(mentioned.text, controller.signal);

    if (result.reason === 'aborted' && watch.stoppedBy) return report(write, ExitCode.Failed, result.message);
    if (result.reason === 'aborted') return report(write, interruptedExitCode(controller), `stopped after ${result.steps} steps`);
    if (result.reason !== 'finished') return report(write, ExitCode.Failed, `${result.reason}: ${result.message}`);
    const refused = refusals.allRefused();
    if (refused) return report(write, ExitCode.Refused, `finished in ${result.steps} steps, but ${refused}`);
    const summary = result.summary ? `: ${oneLine(result.summary)}` : '';
    if (!options.testCmd) {
      const verdict = untestedFinish(result, refusedEmptyFinishes > 0);
      return report(write, verdict.code, `${verdict.line}${summary}`);
    }
    const testCmd = options.testCmd;
    return await runTests(testCmd, root, terminal, write, result.steps, controller.signal, (tests) => recording?.recordTests(testCmd, tests));
  } catch (error) {
    if (error instanceof ModelError || error instanceof ConnectionError) {
      return report(write, error instanceof ModelError && error.kind === 'aborted' ? interruptedExitCode(controller) : ExitCode.Failed, error.message);
    }
    throw error;
  } finally {
    stopListening();
    recording?.close();
    await context?.mcp?.close();
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

/** Without tests, a finish is taken at its word, except one that changed nothing after being told
 * so: that is the model insisting, not a fix, and must not exit 0. */
function untestedFinish(result: { steps: number; patch: string }, toldNothingChanged: boolean): { code: number; line: string } {
  if (result.patch.trim() !== '') return { code: ExitCode.Ok, line: `finished in ${result.steps} steps` };
  if (toldNothingChanged) {
    return { code: ExitCode.Failed, line: `finished in ${result.steps} steps without changing any file, also after being told nothing had changed` };
  }
  return { code: ExitCode.Ok, line: `finished in ${result.steps} steps without changing any file` };
}

function report(write: (line: string) => void, code: number, line: string): number {
  write(`crux: ${code === ExitCode.Ok ? '' : 'not done: '}${line}`);
  return code;
}

/** Asked on the terminal when there is one, with --auto-approve too: risky commands ask
 * in every mode. Without a terminal such calls are refused with a reason (tty-approvals.ts). */
function chooseApprovals(): Approvals {
  return process.stdin.isTTY ? new TerminalApprovals(process.stdin, process.stderr) : new NoTerminalApprovals();
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

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
