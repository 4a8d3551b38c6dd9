// `crux export`: runs in the formats the field exchanges them in (ATIF, the Hugging Face
// trajectory dataset shape) and training rows TRL reads beyond `crux pairs` and `crux sft`
// (KTO's unpaired labels, stepwise supervision for process reward models).
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exportAtif, exportHf, type RunExportReport } from '../align/export-runs';
import { writeUnpaired } from '../align/export-unpaired';
import { filteredText } from '../align/tree-view';
import { addAlignOptions, addExportOptions, alignConfigFrom, exportOptionsFrom, type AlignCliOptions, type ExportCliOptions } from './align-options';
import { count, describeErrors, noRunsMessage, openRuns, readLabelsOption } from './align-sources';
import { ExitCode } from './exit-codes';
import { oneOf } from './options';

const FORMATS = ['atif', 'hf', 'kto', 'stepwise'] as const;
type ExportFormat = (typeof FORMATS)[number];

type ExportOptions = AlignCliOptions & ExportCliOptions & { format: ExportFormat; out: string; includeLocal: boolean };

export function registerExportCommand(program: Command): void {
  const command = program
    .command('export')
    .description('Write runs as ATIF or a Hugging Face dataset, or training rows for KTO or stepwise supervision.')
    .argument('<dir...>', 'folders or files of trajectories (Crux .jsonl or other agents\' formats)')
    .requiredOption('--format <format>', `atif (a folder of documents, or .jsonl), hf (a dataset folder), kto or stepwise (a .jsonl file)`, oneOf(FORMATS))
    .requiredOption('-o, --out <path>', 'where to write')
    .option('--include-local', 'atif and hf: also export runs recorded with consent "local" (and imports); the default is "share" only', false);
  addAlignOptions(command, true);
  addExportOptions(command);
  command.action(async (dirs: string[], options: ExportOptions) => {
    process.exitCode = options.format === 'atif' || options.format === 'hf' ? await exportRuns(dirs, options) : await exportRows(dirs, options);
  });
}

async function exportRuns(dirs: string[], options: ExportOptions): Promise<number> {
  const labels = await readLabelsOption(options.labels);
  const out = resolve(options.out);
  const runOptions = { from: options.from, includeLocal: options.includeLocal, ...(labels ? { labels } : {}) };
  const report: RunExportReport = options.format === 'atif' ? await exportAtif(dirs, out, runOptions) : await exportHf(dirs, out, runOptions);
  for (const line of describeErrors(report.errors)) process.stderr.write(`${line}\n`);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  if (report.skippedLocal > 0) say(`crux: ${count(report.skippedLocal, 'run')} recorded with consent "local" left out (--include-local exports them)`);
  if (report.skippedEmpty > 0) say(`crux: ${count(report.skippedEmpty, 'run')} without a model turn left out`);
  say(`crux: wrote ${count(report.written, 'run')} as ${options.format === 'atif' ? 'ATIF v1.7' : 'a Hugging Face dataset'} to ${out}`);
  if (report.written === 0) {
    process.stderr.write(`crux: no runs exported from ${dirs.join(', ')}\n`);
    return ExitCode.Failed;
  }
  return report.errors.length > 0 ? ExitCode.Failed : ExitCode.Ok;
}

async function exportRows(dirs: string[], options: ExportOptions): Promise<number> {
  const config = alignConfigFrom(options);
  const opened = await openRuns(dirs, options, config);
  try {
    const none = noRunsMessage(opened.set, dirs);
    if (none) {
      for (const line of [...describeErrors(opened.set.index.errors), none]) process.stderr.write(`${line}\n`);
      return ExitCode.Failed;
    }
    const out = resolve(options.out);
    const kind = options.format === 'kto' ? 'kto' : 'stepwise';
    const report = await writeUnpaired(kind, opened.set, { config, ...opened.deps }, out, exportOptionsFrom(options));
    const { summary } = report;
    const say = (line: string) => process.stdout.write(`${line}\n`);
    for (const line of describeErrors(summary.errors)) process.stderr.write(`${line}\n`);
    say(`crux: ${count(summary.runs, 'run')} of ${count(summary.tasks, 'task')}; ${summary.kept} kept (filtered: ${filteredText(summary.filtered)})`);
    for (const problem of report.problems.slice(0, 5)) say(`crux: row dropped: ${problem}`);
    say(kind === 'kto'
      ? `crux: wrote ${count(report.records, 'KTO row')} (${report.positive} desirable, ${report.records - report.positive} undesirable) to ${out}`
      : `crux: wrote ${count(report.records, 'stepwise row')} (${count(report.positive, 'good step')}) to ${out}`);
    return ExitCode.Ok;
  } finally {
    await opened.close();
  }
}
