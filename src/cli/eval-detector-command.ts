// `crux eval-detector`: scores the loop watch against hand labels (labels/loops.json format),
// with OpenHands', Cline's and Roo's rules as baselines in the same run.
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { LabelError, loadRuns, readOutcomeLabels, type OutcomeLabels } from '../trajectory/import';
import { BASELINES, cruxDetector, evaluate, type LabelledRun } from '../watch/evaluate';
import { readLoopLabels, LoopLabelError } from '../watch/labels';
import { ExitCode, UsageError } from './exit-codes';
import { evalTable } from './eval-table';
import { loadWatchConfig } from './watch-options';

interface EvalOptions {
  labels: string[];
  outcomes?: string[];
  loopConfig?: string;
  json: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerEvalDetectorCommand(program: Command): void {
  program
    .command('eval-detector')
    .description('Score the loop watch, and the OpenHands, Cline and Roo rules, against hand-labelled runs.')
    .argument('<dir>', 'the folder the labels\' "file" paths are relative to')
    .requiredOption('--labels <file>', 'loop labels, a JSON array as in labels/loops.json (repeatable)', collect)
    .option('--outcomes <file>', 'outcome labels for the resolved-run counts: an sb-cli report or a MANIFEST (repeatable; default: DIR/MANIFEST*.json)', collect)
    .option('--loop-config <file>', 'loop-watch settings (JSON; see docs/loop-watch.md)')
    .option('--json', 'print the scores as one JSON object', false)
    .action(async (dir: string, options: EvalOptions) => {
      process.exitCode = await evalDetector(dir, options);
    });
}

async function evalDetector(dir: string, options: EvalOptions): Promise<number> {
  const root = resolve(dir);
  const config = await loadWatchConfig(options.loopConfig);
  const labels = await readLoopLabels(options.labels).catch(rethrowAsUsage);
  const outcomeFiles = options.outcomes ?? (await manifests(root));
  const outcomes: OutcomeLabels | undefined = outcomeFiles.length > 0 ? await readOutcomeLabels(outcomeFiles).catch(rethrowAsUsage) : undefined;
  const wanted = new Map(labels.map((label) => [resolve(root, label.file), label]));
  const { runs, errors } = await loadRuns([...wanted.keys()], { ...(outcomes ? { labels: outcomes } : {}) });
  for (const error of errors) process.stderr.write(`crux: skipped ${error.file}: ${error.error}\n`);
  const labelled: LabelledRun[] = [];
  for (const run of runs) {
    const label = run.index === 0 ? wanted.get(resolve(run.file)) : undefined;
    if (label) labelled.push({ label, trajectory: run.trajectory });
  }
  if (labelled.length === 0) {
    process.stderr.write(`crux: none of the ${labels.length} labelled runs could be read under ${root}\n`);
    return ExitCode.Failed;
  }
  const rows = evaluate(labelled, [cruxDetector(config), ...BASELINES]);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ runs: labelled.length, labels: labels.length, outcomes: outcomeFiles, rows })}\n`);
  } else {
    const stuck = labelled.filter(({ label }) => label.stuck).length;
    const loops = labelled.filter(({ label }) => label.loop).length;
    process.stdout.write(`${labelled.length} labelled runs (${stuck} stuck, ${loops} with a loop); outcomes from ${outcomeFiles.length > 0 ? outcomeFiles.join(', ') : 'the runs themselves'}\n\n`);
    process.stdout.write(`${evalTable(rows).join('\n')}\n`);
  }
  return labelled.length < labels.length ? ExitCode.Failed : ExitCode.Ok;
}

/** MANIFEST*.json files directly in the data folder: eval-data keeps `resolved` there. */
async function manifests(root: string): Promise<string[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  return names.filter((name) => /^MANIFEST.*\.json$/i.test(name)).sort().map((name) => join(root, name));
}

function rethrowAsUsage(error: unknown): never {
  if (error instanceof LoopLabelError || error instanceof LabelError) throw new UsageError(error.message);
  throw error;
}
