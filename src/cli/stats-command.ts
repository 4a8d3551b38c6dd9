// `crux stats`: the run metrics the SEAlign paper reports, over every run read.
import type { Command } from 'commander';
import { collectStats } from '../align/export';
import type { RunStats } from '../align/metrics';
import { addSourceOptions, describeErrors, exitAfterInputs, openRuns, type SourceCliOptions } from './align-sources';
import { ExitCode } from './exit-codes';

interface StatsOptions extends SourceCliOptions {
  json: boolean;
  task?: string[];
}

export function registerStatsCommand(program: Command): void {
  const command = program
    .command('stats')
    .description('Print run metrics: resolve, empty-patch, stuck-in-loop and invalid tool-call rates, steps, tokens, per-task success.')
    .argument('<dir...>', 'folders or files of trajectories (Crux .jsonl or other agents\' formats)')
    .option('--json', 'print one JSON object', false)
    .option('--task <id>', 'only this task (repeatable)', (value: string, previous: string[] = []) => [...previous, value]);
  addSourceOptions(command).action(async (dirs: string[], options: StatsOptions) => {
    process.exitCode = await runStats(dirs, options);
  });
}

const TASK_COLUMN = 48;

const percent = (rate: number | null): string => (rate === null ? 'n/a' : `${(rate * 100).toFixed(1)}%`);
const number = (value: number | null): string => (value === null ? 'n/a' : value.toLocaleString('en'));

export function statsText(stats: RunStats): string[] {
  const lines = [
    `runs            ${stats.runs} (${stats.tasks} tasks${stats.duplicates > 0 ? `, ${stats.duplicates} duplicates ignored` : ''})`,
    `resolved        ${percent(stats.resolved_rate)} (${stats.resolved_runs} of ${stats.labelled_runs} labelled runs; tasks with a resolved run ${percent(stats.tasks_resolved_rate)})`,
    `empty patch     ${percent(stats.empty_patch_rate)} (${stats.empty_patch_runs} of ${stats.runs_with_known_patch} runs whose final patch is known)`,
    `stuck in loop   ${stats.stuck_rate === null ? 'n/a (the loop watch is not available)' : `${percent(stats.stuck_rate)} (${stats.stuck_runs} runs)`}`,
    `invalid calls   ${percent(stats.invalid_call_rate)} (${stats.invalid_calls} of ${stats.tool_calls} tool calls)`,
    `mean steps      ${number(stats.mean_steps)}`,
    `mean tokens     ${number(stats.mean_tokens)}`,
  ];
  if (stats.per_task.length > 0) {
    // Long ids (some imports build them from paths) are clipped so the columns stay readable.
    const clip = (id: string): string => (id.length <= TASK_COLUMN ? id : `${id.slice(0, TASK_COLUMN - 1)}…`);
    const width = Math.max(4, ...stats.per_task.map((task) => clip(task.task).length));
    lines.push('', `${'task'.padEnd(width)}  runs  resolved  rate`);
    for (const task of stats.per_task) {
      lines.push(`${clip(task.task).padEnd(width)}  ${String(task.runs).padStart(4)}  ${String(task.resolved).padStart(8)}  ${percent(task.resolved_rate)}`);
    }
  }
  return lines;
}

async function runStats(dirs: string[], options: StatsOptions): Promise<number> {
  const { set, deps, close } = await openRuns(dirs, options, null);
  const wanted = options.task ? new Set(options.task) : null;
  let stats: RunStats;
  try {
    stats = await collectStats(set, { ...deps, ...(wanted ? { taskFilter: (id: string) => wanted.has(id) } : {}) });
  } finally {
    await close();
  }
  for (const line of describeErrors(set.index.errors)) process.stderr.write(`${line}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify(stats)}\n`);
  else process.stdout.write(`${statsText(stats).join('\n')}\n`);
  if (stats.runs === 0) {
    process.stderr.write(`crux: no runs found in ${dirs.join(', ')}\n`);
    return ExitCode.Failed;
  }
  return exitAfterInputs(set.index.errors, (line) => process.stderr.write(`${line}\n`));
}
