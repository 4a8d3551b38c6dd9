// `crux sft`: the successful runs (after the filters) as chat transcripts for supervised
// fine-tuning, as JSON Lines.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { writeSft } from '../align/export';
import { filteredText } from '../align/tree-view';
import { addAlignOptions, addExportOptions, alignConfigFrom, exportOptionsFrom, type AlignCliOptions, type ExportCliOptions } from './align-options';
import { count, describeErrors, exitAfterInputs, noRunsMessage, openRuns, type OpenedRuns } from './align-sources';
import type { AlignConfig } from '../align/config';
import { ExitCode } from './exit-codes';

type SftOptions = AlignCliOptions & ExportCliOptions & { out: string };

export function registerSftCommand(program: Command): void {
  const command = program
    .command('sft')
    .description('Write the successful runs as chat transcripts (messages + tool schemas) for supervised fine-tuning.')
    .argument('<dir...>', 'folders or files of trajectories (Crux .jsonl or other agents\' formats)')
    .requiredOption('-o, --out <file>', 'the JSON Lines file to write');
  addAlignOptions(command, false);
  addExportOptions(command);
  command.action(async (dirs: string[], options: SftOptions) => {
    process.exitCode = await runSft(dirs, options);
  });
}

async function runSft(dirs: string[], options: SftOptions): Promise<number> {
  const config = alignConfigFrom(options);
  const opened = await openRuns(dirs, options, config);
  try {
    return await reportSft(dirs, options, config, opened);
  } finally {
    await opened.close();
  }
}

async function reportSft(dirs: string[], options: SftOptions, config: AlignConfig, { set, deps }: OpenedRuns): Promise<number> {
  const none = noRunsMessage(set, dirs);
  if (none) {
    for (const line of [...describeErrors(set.index.errors), none]) process.stderr.write(`${line}\n`);
    return ExitCode.Failed;
  }
  const out = resolve(options.out);
  const report = await writeSft(set, { config, ...deps }, out, exportOptionsFrom(options));
  const { summary } = report;
  const say = (line: string) => process.stdout.write(`${line}\n`);
  for (const line of describeErrors(summary.errors)) process.stderr.write(`${line}\n`);
  say(`crux: ${count(summary.runs, 'run')} of ${count(summary.tasks, 'task')}; ${summary.kept} kept (filtered: ${filteredText(summary.filtered)})`);
  if (report.skipped.length > 0) say(`crux: ${report.skipped.length} successful runs skipped: a turn needed for the transcript is missing`);
  say(`crux: wrote ${count(report.records, 'successful run')} to ${out}`);
  return exitAfterInputs(summary.errors, (line) => process.stderr.write(`${line}\n`));
}
