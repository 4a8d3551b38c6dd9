// `crux rollout`: collect many labelled runs per task, headless, for the SEAlign pipeline.
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_MAX_STEPS } from '../agent/config';
import { connect } from '../agent/connect';
import { systemClock } from '../host/ports';
import { rollout, type RolloutSummary } from '../rollout/rollout';
import { collectStats } from '../align/export';
import { SWE_BENCH_REPOSITORIES } from '../trajectory/privacy/exclusions';
import { openRuns } from './align-sources';
import { ExitCode } from './exit-codes';
import { abortOnInterrupt, addModelOptions, interruptedExitCode, modelClient, stderrLog, type ModelOptions } from './model-options';
import { intOption, numberOption } from './options';
import { statsText } from './stats-command';
import { queueRollout, registerRolloutStatus } from './rollout-queue-command';
import { UsageError } from './exit-codes';
import { addCommandPolicyOptions, resolveApprovalSettings, type CommandPolicyOptions } from './command-policy-options';

interface RolloutCliOptions extends ModelOptions, CommandPolicyOptions {
  samples: number;
  concurrency: number;
  out?: string;
  queue?: string;
  name?: string;
  leaseGrace: number;
  temperature: number;
  maxSteps: number;
  timeoutPerRun: number;
  contextTokens?: number;
  keep: boolean;
  consent: 'local' | 'share';
  exclude: string[];
}

/** Several samples of one task at temperature 0 would be the same run: sample by default. */
export const DEFAULT_ROLLOUT_TEMPERATURE = 0.7;

export function registerRolloutCommand(program: Command): void {
  const command = program
    .command('rollout')
    .description('Run the agent many times on each task of TASKS.jsonl, label each run by the task tests, and record them in DIR.')
    .argument('<tasks>', 'JSON Lines, one task per line: {"id", "repo", "commit", "task", "test_cmd", "setup_cmd"?, "timeout"?}')
    .option('-o, --out <dir>', 'where the trajectories go (rerun with the same folder to resume)')
    .option('--queue <url>', 'instead of running here, queue the jobs on a team server for `crux worker`s (postgres://…)')
    .option('--name <rollout>', 'with --queue: the rollout\'s name (default: the task file\'s name)')
    .option('--lease-grace <sec>', 'with --queue: seconds added to --timeout-per-run before a silent worker\'s job goes to another', intOption('--lease-grace', 1, 3600), 30)
    .option('-n, --samples <n>', 'runs per task', intOption('--samples', 1), 4)
    .option('-c, --concurrency <n>', 'runs in flight at once (a GPU server batches them)', intOption('--concurrency', 1, 512), 4);
  addModelOptions(command)
    .option('--temperature <t>', 'sampling temperature', numberOption('--temperature', 0, 2), DEFAULT_ROLLOUT_TEMPERATURE)
    .option('--max-steps <n>', 'most model turns per run', intOption('--max-steps', 1), DEFAULT_MAX_STEPS)
    .option('--timeout-per-run <sec>', 'seconds a run may take, agent and tests together', intOption('--timeout-per-run', 1), 1800)
    .option('--context-tokens <n>', "the model's context window", intOption('--context-tokens', 1024))
    .option('--keep', 'keep each run\'s repository copy', false)
    .option('--consent <level>', 'consent level written into the trajectories: local|share', parseConsent, 'local')
    .option('--exclude <pattern>', 'another repository never to run on (repeatable); SWE-bench test repositories always are', collect, []);
  addCommandPolicyOptions(command, false)
    .action(async (tasks: string, options: RolloutCliOptions) => {
      if (options.queue !== undefined) {
        process.exitCode = await queueRollout(tasks, options);
        return;
      }
      if (options.out === undefined) throw new UsageError('give -o DIR (run here) or --queue URL (queue for workers)');
      process.exitCode = await runRollout(tasks, { ...options, out: options.out });
    });
  registerRolloutStatus(command);
}

async function runRollout(tasksFile: string, options: RolloutCliOptions & { out: string }): Promise<number> {
  const log = stderrLog();
  const { client, baseUrl, apiKey } = modelClient(options, log);
  const controller = new AbortController();
  const stopListening = abortOnInterrupt(controller, log, 'stopping: runs in flight end now and are redone on resume');
  try {
    const connection = await connect(client, { ...(options.model ? { model: options.model } : {}), toolFormat: options.toolFormat }, controller.signal);
    process.stdout.write(`crux: rollout with ${connection.model} on ${connection.server.kind} at ${baseUrl}, tool format ${connection.toolFormat}\n`);
    const summary = await rollout({
      tasksFile, samples: options.samples, concurrency: options.concurrency, outDir: options.out,
      client, connection, maxSteps: options.maxSteps, sampling: { temperature: options.temperature },
      ...(options.contextTokens !== undefined ? { contextTokens: options.contextTokens } : {}),
      timeoutSeconds: options.timeoutPerRun, keepCopies: options.keep, consent: options.consent,
      exclusions: [...SWE_BENCH_REPOSITORIES, ...options.exclude],
      approvalSettings: await resolveApprovalSettings(options, 'auto-all'), ...(apiKey ? { apiKey } : {}),
      sink: process.stderr, clock: systemClock, log, signal: controller.signal,
    });
    printSummary(summary, options.out);
    await printStats(options.out);
    if (summary.interrupted) return interruptedExitCode(controller);
    return summary.taskErrors.length > 0 || summary.excluded.length > 0 ? ExitCode.Failed : ExitCode.Ok;
  } catch (error) {
    process.stdout.write(`crux: not done: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.Failed;
  } finally {
    stopListening();
  }
}

function printSummary(summary: RolloutSummary, outDir: string): void {
  const write = (line: string) => process.stdout.write(`${line}\n`);
  for (const error of summary.taskErrors) write(`crux: task line ${error.line} skipped: ${error.message}`);
  for (const task of summary.excluded) write(`crux: task ${task.id} refused: ${task.reason}`);
  const ran = summary.reports.length;
  const resolved = summary.reports.filter((report) => report.result === 'resolved').length;
  const failed = summary.reports.filter((report) => report.result === 'failed').length;
  const rate = ran > 0 ? `${((100 * resolved) / ran).toFixed(1)}%` : 'n/a';
  write(`crux: ${ran} runs this time (${resolved} resolved, ${ran - resolved - failed} unresolved, ${failed} failed; resolve rate ${rate})` +
    `${summary.alreadyComplete > 0 ? `, ${summary.alreadyComplete} already complete` : ''}` +
    `${summary.discarded > 0 ? `, ${summary.discarded} interrupted runs redone` : ''}`);
  if (summary.interrupted) write(`crux: interrupted; rerun the same command to finish the rest`);
  write(`crux: trajectories in ${outDir}`);
}

/** The metrics `crux stats DIR` prints, over every run in the folder (this rollout's and
 * earlier ones'), so a rollout ends with the numbers SEAlign reports. */
async function printStats(outDir: string): Promise<void> {
  const { set, deps, close } = await openRuns([outDir], { from: 'crux', labels: [], jobs: 0 }, null);
  try {
    const stats = await collectStats(set, deps);
    if (stats.runs > 0) process.stdout.write(`${statsText(stats).join('\n')}\n`);
  } finally {
    await close();
  }
}

function parseConsent(value: string): 'local' | 'share' {
  if (value !== 'local' && value !== 'share') throw new InvalidArgumentError('must be local or share.');
  return value;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
