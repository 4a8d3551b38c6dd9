// `crux worker --queue URL --model-url M [--concurrency C]`: takes rollout jobs from a team's
// queue, runs each as `crux rollout` does, and writes each run to the team store.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { connect } from '../agent/connect';
import { runWorker } from '../rollout/distributed';
import { PgRolloutQueue } from '../team/pg-queue';
import { PgRunStore } from '../team/pg-store';
import { SWE_BENCH_REPOSITORIES } from '../trajectory/privacy/exclusions';
import { ExitCode } from './exit-codes';
import { abortOnInterrupt, addModelOptions, modelClient, stderrLog, type ModelOptions } from './model-options';
import { intOption } from './options';
import { teamUrl } from './team-command';

interface WorkerCliOptions extends ModelOptions {
  queue?: string;
  concurrency: number;
  workDir?: string;
  keep: boolean;
  exclude: string[];
}

export function registerWorkerCommand(program: Command): void {
  const command = program
    .command('worker')
    .description('Take rollout jobs from a team queue (crux rollout --queue), run them, and store each run in the team store.')
    .option('--queue <url>', 'the team server, as a worker: postgres://… (default: $CRUX_TEAM_URL)')
    .option('-c, --concurrency <n>', 'runs at once on this machine', intOption('--concurrency', 1, 256), 2)
    .option('--work-dir <dir>', 'where repository mirrors and run copies go (default: a folder in the system temp)')
    .option('--keep', 'keep each run\'s repository copy', false)
    .option('--exclude <pattern>', 'another repository never to run on (repeatable)', (value: string, previous: string[]) => [...previous, value], []);
  addModelOptions(command).action(async (options: WorkerCliOptions) => {
    process.exitCode = await work(options);
  });
}

async function work(options: WorkerCliOptions): Promise<number> {
  const url = teamUrl(options.queue, '--queue');
  const log = stderrLog();
  const { client, baseUrl } = modelClient(options, log);
  const controller = new AbortController();
  const stopListening = abortOnInterrupt(controller, log, 'stopping: runs in flight end now and go back to the queue');
  process.once('SIGTERM', () => controller.abort());
  const store = new PgRunStore(url, { onRetry: (message) => log.warn(message), retryDeadlineMs: 300_000 });
  const queue = new PgRolloutQueue(url, { onError: (error) => log.warn(`queue: ${error.message}`) });
  try {
    await store.checkSchema();
    const connection = await connect(client, { ...(options.model ? { model: options.model } : {}), toolFormat: options.toolFormat }, controller.signal);
    process.stdout.write(`crux: worker ${process.pid} with ${connection.model} at ${baseUrl}, ${options.concurrency} at a time, taking jobs from ${store.location}\n`);
    await runWorker({
      queue, store, client, connection, concurrency: options.concurrency,
      workDir: options.workDir ?? join(tmpdir(), `crux-worker-${process.pid}`), keepCopies: options.keep,
      exclusions: [...SWE_BENCH_REPOSITORIES, ...options.exclude], log, signal: controller.signal,
      onRun: (job, report, stored) => {
        const note = stored === 'slot-taken' ? ' (slot already filled by another worker; not stored)' : '';
        process.stdout.write(`${job.rollout} ${report.name}: ${report.result} in ${report.steps} steps${note}\n`);
      },
    });
    return ExitCode.Interrupted;
  } catch (error) {
    process.stderr.write(`crux: worker stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.Failed;
  } finally {
    stopListening();
    await queue.close();
    await store.close();
  }
}
