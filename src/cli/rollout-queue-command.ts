// `crux rollout TASKS.jsonl --queue URL` (queue the jobs for `crux worker`s) and
// `crux rollout status --queue URL` (progress, from anywhere).
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { enqueueRollout } from '../rollout/distributed';
import { PgRolloutQueue } from '../team/pg-queue';
import { PgRunStore } from '../team/pg-store';
import { SWE_BENCH_REPOSITORIES } from '../trajectory/privacy/exclusions';
import { ExitCode } from './exit-codes';
import { stderrLog } from './model-options';
import { teamUrl } from './team-command';

export interface QueueRolloutOptions {
  queue?: string;
  name?: string;
  samples: number;
  temperature: number;
  maxSteps: number;
  timeoutPerRun: number;
  leaseGrace: number;
  contextTokens?: number;
  exclude: string[];
}

/** The rollout's name: --name, else the task file's name without its extension. */
export function rolloutName(tasksFile: string, name?: string): string {
  return name ?? basename(tasksFile, extname(tasksFile));
}

export async function queueRollout(tasksFile: string, options: QueueRolloutOptions): Promise<number> {
  const url = teamUrl(options.queue, '--queue');
  const log = stderrLog();
  const rollout = rolloutName(tasksFile, options.name);
  const store = new PgRunStore(url, { onRetry: (message) => log.warn(message) });
  const queue = new PgRolloutQueue(url, { onError: (error) => log.warn(`queue: ${error.message}`) });
  try {
    const filled = new Set((await store.rolloutSlots(rollout)).keys());
    const report = await enqueueRollout({
      tasksFile, samples: options.samples, rollout, queue, filled, leaseGraceSeconds: options.leaseGrace,
      exclusions: [...SWE_BENCH_REPOSITORIES, ...options.exclude],
      settings: {
        maxSteps: options.maxSteps, temperature: options.temperature, timeoutSeconds: options.timeoutPerRun,
        ...(options.contextTokens !== undefined ? { contextTokens: options.contextTokens } : {}),
      },
    });
    const say = (line: string) => process.stdout.write(`${line}\n`);
    for (const error of report.taskErrors) say(`crux: task line ${error.line} skipped: ${error.message}`);
    for (const task of report.excluded) say(`crux: task ${task.id} refused: ${task.reason}`);
    say(`crux: rollout "${rollout}": ${report.queued} jobs queued on ${store.location}` +
      `${report.alreadyQueued > 0 ? `, ${report.alreadyQueued} already queued` : ''}${report.alreadyDone > 0 ? `, ${report.alreadyDone} already done` : ''}`);
    say(`crux: start workers with: crux worker --queue URL --model-url M; watch with: crux rollout status --queue URL`);
    return report.taskErrors.length > 0 || report.excluded.length > 0 ? ExitCode.Failed : ExitCode.Ok;
  } finally {
    await queue.close();
    await store.close();
  }
}

export function registerRolloutStatus(rollout: Command): void {
  rollout
    .command('status')
    .description('Progress of queued rollouts: jobs queued, running, done and failed, and runs stored.')
    .option('--queue <url>', 'the team server (default: $CRUX_TEAM_URL)')
    .option('--name <rollout>', 'only this rollout')
    .action(async (own: { queue?: string; name?: string }) => {
      // `rollout` takes --queue and --name too, so commander may hand them to it.
      const options = { ...rollout.opts<{ queue?: string; name?: string }>(), ...own };
      const url = teamUrl(options.queue, '--queue');
      const store = new PgRunStore(url);
      const queue = new PgRolloutQueue(url);
      try {
        const counts = await queue.counts(options.name);
        if (counts.size === 0) process.stdout.write(`crux: no rollout${options.name ? ` "${options.name}"` : ''} queued on ${store.location}\n`);
        for (const [name, count] of counts) {
          const slots = await store.rolloutSlots(name);
          const resolved = [...slots.values()].filter((value) => value === true).length;
          process.stdout.write(`${name}: ${count.queued} queued, ${count.running} running, ${count.completed} done, ${count.failed} failed; ` +
            `${slots.size} runs stored, ${resolved} resolved${slots.size > 0 ? ` (${((100 * resolved) / slots.size).toFixed(1)}%)` : ''}\n`);
        }
      } finally {
        await queue.close();
        await store.close();
      }
    });
}
