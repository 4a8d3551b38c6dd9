// `crux pairs`: DPO preference pairs at the key actions of every task, as JSON Lines.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { writePairs } from '../align/export';
import { filteredText } from '../align/tree-view';
import { addAlignOptions, addExportOptions, alignConfigFrom, exportOptionsFrom, type AlignCliOptions, type ExportCliOptions } from './align-options';
import { count, describeErrors, exitAfterInputs, noRunsMessage, openRuns, type OpenedRuns } from './align-sources';
import type { AlignConfig } from '../align/config';
import { ExitCode } from './exit-codes';

type PairsOptions = AlignCliOptions & ExportCliOptions & { out: string };

export function registerPairsCommand(program: Command): void {
  const command = program
    .command('pairs')
    .description('Write DPO preference pairs (TRL conversational format) at the key actions of each task.')
    .argument('<dir...>', 'folders or files of trajectories (Crux .jsonl or other agents\' formats)')
    .requiredOption('-o, --out <file>', 'the JSON Lines file to write');
  addAlignOptions(command, true);
  addExportOptions(command);
  command.action(async (dirs: string[], options: PairsOptions) => {
    process.exitCode = await runPairs(dirs, options);
  });
}

async function runPairs(dirs: string[], options: PairsOptions): Promise<number> {
  const config = alignConfigFrom(options);
  const opened = await openRuns(dirs, options, config);
  try {
    return await reportPairs(dirs, options, config, opened);
  } finally {
    await opened.close();
  }
}

async function reportPairs(dirs: string[], options: PairsOptions, config: AlignConfig, { set, deps }: OpenedRuns): Promise<number> {
  const none = noRunsMessage(set, dirs);
  if (none) {
    for (const line of [...describeErrors(set.index.errors), none]) process.stderr.write(`${line}\n`);
    return ExitCode.Failed;
  }
  const out = resolve(options.out);
  const report = await writePairs(set, { config, ...deps }, out, exportOptionsFrom(options));
  const { summary } = report;
  const say = (line: string) => process.stdout.write(`${line}\n`);
  for (const line of describeErrors(summary.errors)) process.stderr.write(`${line}\n`);
  say(`crux: ${count(summary.runs, 'run')} of ${count(summary.tasks, 'task')}; ${summary.kept} kept (filtered: ${filteredText(summary.filtered)})`);
  say(`crux: ${count(summary.keyActions, 'key action')} (min visits ${config.significance.minVisits}, min gap ${config.significance.minGap}, z ${config.significance.z})`);
  for (const key of report.top) {
    say(`  ${key.task} step ${key.step}: ${key.better.action} (${key.better.value.toFixed(2)} of ${key.better.visits})` +
      ` over ${key.worse.action} (${key.worse.value.toFixed(2)} of ${key.worse.visits}), gap ${key.gap.toFixed(2)}`);
  }
  for (const problem of report.problems.slice(0, 5)) say(`crux: pair dropped: ${problem}`);
  say(`crux: wrote ${count(report.pairs, 'pair')} to ${out}`);
  return exitAfterInputs(summary.errors, (line) => process.stderr.write(`${line}\n`));
}
