// `crux import`: converts other agents' runs (SWE-agent, mini-swe-agent, OpenHands, chat
// transcripts, agent-data-protocol samples) into Crux trajectories, one .jsonl per run.
// Exit codes: 0 every run file imported; 1 a file failed (the others are still written) or no
// run was found; 2 bad arguments or an unreadable label file.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Trajectory } from '../trajectory/format';
import { readTrajectoryFile, serializeTrajectory } from '../trajectory/jsonl';
import {
  isLoadError, iterateRuns, LabelError, readOutcomeLabels, SOURCE_FORMATS, type LoadedRun, type OutcomeLabels, type SourceFormat,
} from '../trajectory/import';
import { ExitCode, UsageError } from './exit-codes';
import { oneOf } from './options';

interface ImportOptions {
  from: SourceFormat;
  out: string;
  labels: string[];
  quiet: boolean;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('Convert other agents\' runs into Crux trajectories (one .jsonl per run).')
    .argument('<paths...>', 'run files or folders (searched recursively)')
    .requiredOption('-o, --out <dir>', 'where to write the trajectories')
    .option('--from <format>', `the source format: ${SOURCE_FORMATS.join('|')}`, parseSourceFormat, 'auto')
    .option('--labels <file>', 'outcome labels: an sb-cli report, a SWE-bench report (JSON or Markdown) or a MANIFEST-style list; repeatable', collect, [])
    .option('-q, --quiet', 'print only errors and the summary', false)
    .action(async (paths: string[], options: ImportOptions) => {
      process.exitCode = await importRuns(paths, options);
    });
}

export const parseSourceFormat: (value: string) => SourceFormat = oneOf(SOURCE_FORMATS);

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function importRuns(paths: string[], options: ImportOptions): Promise<number> {
  let labels: OutcomeLabels | undefined;
  try {
    labels = options.labels.length > 0 ? await readOutcomeLabels(options.labels) : undefined;
  } catch (error) {
    if (error instanceof LabelError) throw new UsageError(error.message);
    throw error;
  }
  await mkdir(options.out, { recursive: true });
  const written = new Set<string>();
  const failedFiles = new Set<string>();
  const sourceFiles = new Set<string>();
  let duplicates = 0;
  let shorterKept = 0;
  const kept = new Map<string, Completeness>();
  for await (const item of iterateRuns(paths, { from: options.from, ...(labels ? { labels } : {}) })) {
    if (isLoadError(item)) {
      failedFiles.add(item.file);
      process.stderr.write(`crux: error: ${item.file}: ${item.error}\n`);
      continue;
    }
    sourceFiles.add(item.file);
    const name = outputName(item);
    if (written.has(name)) duplicates++;
    written.add(name);
    const target = join(options.out, name);
    // Two copies of one run (a truncated copy beside the complete one, or a re-import of a
    // shorter file): the more complete copy stays, whichever came first.
    const existing = kept.get(name) ?? (await completenessOnDisk(target));
    const incoming = completeness(item.trajectory);
    if (existing !== null && compareCompleteness(existing, incoming) > 0) {
      shorterKept++;
      process.stderr.write(`crux: warning: ${describe(item)}: a more complete copy of this run is already at ${target}; kept that one\n`);
      continue;
    }
    kept.set(name, incoming);
    await writeFile(target, serializeTrajectory(item.trajectory));
    if (!options.quiet) process.stdout.write(`${describe(item)} -> ${target}\n`);
  }
  const dup = duplicates > 0 ? ` (${duplicates} copies of the same run written once${shorterKept > 0 ? `, the most complete kept` : ''})` : '';
  const failed = failedFiles.size > 0 ? `; ${failedFiles.size} file(s) failed` : '';
  process.stdout.write(`crux: imported ${written.size} run(s) from ${sourceFiles.size} file(s) into ${options.out}${dup}${failed}\n`);
  if (written.size === 0 && failedFiles.size === 0) process.stderr.write(`crux: no runs found in ${paths.join(', ')}\n`);
  return failedFiles.size > 0 || written.size === 0 ? ExitCode.Failed : ExitCode.Ok;
}

/** How complete a copy of a run is: one with an outcome beats one without, then more events win. */
type Completeness = { ended: boolean; events: number };

function completeness(trajectory: Trajectory): Completeness {
  return { ended: trajectory.outcome !== null, events: trajectory.events.length };
}

function compareCompleteness(a: Completeness, b: Completeness): number {
  return a.ended !== b.ended ? (a.ended ? 1 : -1) : a.events - b.events;
}

/** The completeness of a file already in the output folder; null when there is none (or it is
 * not a readable run, which an import may replace). */
async function completenessOnDisk(path: string): Promise<Completeness | null> {
  try {
    const trajectory = await readTrajectoryFile(path);
    return trajectory.problems.length > 0 && trajectory.events.length === 0 ? null : completeness(trajectory);
  } catch {
    return null;
  }
}

/** <task id>.<format>.<run id prefix>.jsonl: readable, sorted by task, stable across imports. */
function outputName(run: LoadedRun): string {
  const task = run.trajectory.header.task.id.replace(/[^\w.-]+/g, '_').replace(/^[_.]+/, '').slice(0, 80) || 'run';
  return `${task}.${run.format}.${run.trajectory.header.runId.slice(0, 8)}.jsonl`;
}

function describe(run: LoadedRun): string {
  const where = run.index > 0 || run.trajectory.header.source.file?.includes('#') ? `${run.file} #${run.index}` : run.file;
  const outcome = run.trajectory.outcome;
  const resolved = outcome?.resolved === true ? ', resolved' : outcome?.resolved === false ? ', not resolved' : '';
  return `${where} (${run.format}, ${outcome?.steps ?? 0} actions${resolved})`;
}
