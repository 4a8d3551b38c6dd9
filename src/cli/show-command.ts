// `crux show FILE`: prints a run (Crux's own or any importable format) as readable text.
// Exit codes: 0 shown; 1 the file holds no readable run, or parts of it could not be read
// (what could be read is still shown); 2 bad arguments.
import type { Command } from 'commander';
import { loadRuns, SOURCE_FORMATS, type SourceFormat } from '../trajectory/import';
import { ExitCode, UsageError } from './exit-codes';
import { intOption } from './options';
import { renderRun } from './show-render';
import { parseSourceFormat } from './import-command';
import { isTeamUrl } from '../team/url';
import { loadTeamRun } from './team-sources';

interface ShowOptions {
  width?: number;
  diff: boolean;
  lines: number;
  run?: number;
  from: SourceFormat;
}

export function registerShowCommand(program: Command): void {
  program
    .command('show')
    .description('Print a run (a Crux trajectory or another agent\'s run file) as readable text.')
    .argument('<file>', 'the run file, or a run in a team store: postgres://…/DATABASE/RUN')
    .option('--width <n>', 'characters per line (default: the terminal width, else 120)', intOption('--width', 40))
    .option('--diff', 'print edits and the final patch as diffs, not stats', false)
    .option('--lines <n>', 'lines of each observation to show', intOption('--lines', 1), 2)
    .option('--run <n>', 'only the run at this position, for files that hold several (0 is the first)', intOption('--run', 0))
    .option('--from <format>', `the file's format: ${SOURCE_FORMATS.join('|')}`, parseSourceFormat, 'auto')
    .action(async (file: string, options: ShowOptions) => {
      process.exitCode = await show(file, options);
    });
}

async function show(file: string, options: ShowOptions): Promise<number> {
  const { runs, errors } = isTeamUrl(file) ? await loadTeamRun(file) : await loadRuns([file], { from: options.from });
  for (const error of errors) process.stderr.write(`crux: ${error.file}: ${error.error}\n`);
  const chosen = options.run === undefined ? runs : runs.filter((run) => run.index === options.run);
  if (options.run !== undefined && chosen.length === 0 && runs.length > 0) {
    throw new UsageError(`${file} holds runs 0 to ${runs.length - 1}; there is no run ${options.run}`);
  }
  if (chosen.length === 0) {
    if (errors.length === 0) process.stderr.write(`crux: ${file} holds no run\n`);
    return ExitCode.Failed;
  }
  const width = options.width ?? (process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : 120);
  chosen.forEach((run, i) => {
    if (i > 0) process.stdout.write('\n');
    process.stdout.write(`${renderRun(run, { width, diff: options.diff, observationLines: options.lines }).join('\n')}\n`);
  });
  // Runs that loaded are shown, but a file with unreadable parts still fails.
  return errors.length > 0 ? ExitCode.Failed : ExitCode.Ok;
}
