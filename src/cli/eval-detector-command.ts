// `crux eval-detector`: scores the loop watch against hand labels (labels/loops.json format),
// with OpenHands', Cline's and Roo's rules as baselines in the same run.
import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { LabelError, loadRuns, readOutcomeLabels, type OutcomeLabels } from '../trajectory/import';
import { crossValidate, sourceOf, thresholdGrid, type SourcedRun } from '../watch/cross-validate';
import { BASELINES, cruxDetector, evaluate } from '../watch/evaluate';
import { readLoopLabels, LoopLabelError, type LoopLabel } from '../watch/labels';
import { ExitCode, UsageError } from './exit-codes';
import { cvTable, evalTable } from './eval-table';
import { loadWatchConfig } from './watch-options';

interface EvalOptions {
  labels: string[];
  outcomes?: string[];
  loopConfig?: string;
  json: boolean;
  cv: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerEvalDetectorCommand(program: Command): void {
  program
    .command('eval-detector')
    .description('Score the loop watch, and the OpenHands, Cline and Roo rules, against hand-labelled runs.')
    .argument('<dir>', 'the folder the labels\' "file" paths are relative to')
    .requiredOption('--labels <file>', 'loop labels, a JSON array as in labels/loops.json (repeatable); FILE=FOLDER reads that file\'s runs under FOLDER instead of <dir>', collect)
    .option('--outcomes <file>', 'outcome labels for the resolved-run counts: an sb-cli report or a MANIFEST (repeatable; default: DIR/MANIFEST*.json)', collect)
    .option('--loop-config <file>', 'loop-watch settings (JSON; see docs/loop-watch.md)')
    .option('--json', 'print the scores as one JSON object', false)
    .option('--no-cv', 'skip the leave-one-source-out cross-validation of the thresholds')
    .action(async (dir: string, options: EvalOptions) => {
      process.exitCode = await evalDetector(dir, options);
    });
}

async function evalDetector(dir: string, options: EvalOptions): Promise<number> {
  const root = resolve(dir);
  const config = await loadWatchConfig(options.loopConfig);
  const sets = options.labels.map((spec) => labelSet(spec, root));
  const outcomeFiles = options.outcomes ?? (await manifests(root));
  const outcomes: OutcomeLabels | undefined = outcomeFiles.length > 0 ? await readOutcomeLabels(outcomeFiles).catch(rethrowAsUsage) : undefined;
  const wanted = new Map<string, { label: LoopLabel; source: string }>();
  let labelCount = 0;
  for (const set of sets) {
    const labels = await readLoopLabels([set.file]).catch(rethrowAsUsage);
    labelCount += labels.length;
    // Runs read from another folder are other sources than eval-data's folders of the same name.
    const prefix = set.folder === root ? '' : basename(set.folder);
    for (const label of labels) wanted.set(resolve(set.folder, label.file), { label, source: sourceOf(label, prefix) });
  }
  const { runs, errors } = await loadRuns([...wanted.keys()], { ...(outcomes ? { labels: outcomes } : {}) });
  for (const error of errors) process.stderr.write(`crux: skipped ${error.file}: ${error.error}\n`);
  const labelled: SourcedRun[] = [];
  for (const run of runs) {
    const entry = run.index === 0 ? wanted.get(resolve(run.file)) : undefined;
    if (entry) labelled.push({ ...entry, trajectory: run.trajectory });
  }
  if (labelled.length === 0) {
    process.stderr.write(`crux: none of the ${labelCount} labelled runs could be read under ${root}\n`);
    return ExitCode.Failed;
  }
  const rows = evaluate(labelled, [cruxDetector(config), ...BASELINES]);
  const sources = new Set(labelled.map((run) => run.source)).size;
  const cv = options.cv && sources >= 2 ? crossValidate(labelled, thresholdGrid(config)) : null;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ runs: labelled.length, labels: labelCount, outcomes: outcomeFiles, rows, crossValidation: cv })}\n`);
  } else {
    const stuck = labelled.filter(({ label }) => label.stuck).length;
    const loops = labelled.filter(({ label }) => label.loop).length;
    process.stdout.write(`${labelled.length} labelled runs (${stuck} stuck, ${loops} with a loop) from ${sources} sources; outcomes from ${outcomeFiles.length > 0 ? outcomeFiles.join(', ') : 'the runs themselves'}\n\n`);
    process.stdout.write(`${evalTable(rows).join('\n')}\n`);
    if (cv) process.stdout.write(`\n${cvTable(cv).join('\n')}\n`);
  }
  return labelled.length < labelCount ? ExitCode.Failed : ExitCode.Ok;
}

/** `FILE` (runs under the data folder) or `FILE=FOLDER`. */
function labelSet(spec: string, root: string): { file: string; folder: string } {
  const at = spec.lastIndexOf('=');
  if (at <= 0) return { file: spec, folder: root };
  const folder = spec.slice(at + 1);
  if (folder === '') throw new UsageError(`--labels ${spec}: the folder after "=" is missing`);
  return { file: spec.slice(0, at), folder: resolve(folder) };
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
