// DPO pairs and SFT records from stored runs, through the SEAlign pipeline (src/align) with
// its documented defaults (docs/sealign.md): the same files `crux pairs` and `crux sft` write.
import { createRunImporter, DEFAULT_EXPORT_OPTIONS, defaultAlignConfig, loopWatchStuck, openRunSet, writePairs, writeSft } from '../../src/align';

export type TrainingDataKind = 'pairs' | 'sft';

export interface ExportReport {
  kind: TrainingDataKind;
  out: string;
  /** Lines written: pairs, or SFT records. */
  written: number;
  runs: number;
  tasks: number;
  kept: number;
  /** Runs without a success label (no tests, no verdict, no import label): never exported. */
  unlabelled: number;
  keyActions: number;
  /** Files that could not be read, and pairs or records that could not be built. */
  problems: string[];
}

export async function exportTrainingData(kind: TrainingDataKind, paths: readonly string[], out: string): Promise<ExportReport> {
  const importer = createRunImporter();
  const set = await openRunSet(paths, importer);
  if (set.index.refs.length === 0) throw new Error(`no runs found in ${paths.length === 1 ? paths[0] : `${paths.length} files`}`);
  const options = { config: defaultAlignConfig(), importer, isStuck: loopWatchStuck() };
  if (kind === 'pairs') {
    const report = await writePairs(set, options, out, DEFAULT_EXPORT_OPTIONS);
    const { summary } = report;
    return {
      kind, out, written: report.pairs, runs: summary.runs, tasks: summary.tasks, kept: summary.kept, keyActions: summary.keyActions,
      unlabelled: summary.filtered['unknown-outcome'],
      problems: [...unreadable(summary.errors), ...report.problems],
    };
  }
  const report = await writeSft(set, options, out, DEFAULT_EXPORT_OPTIONS);
  const { summary } = report;
  return {
    kind, out, written: report.records, runs: summary.runs, tasks: summary.tasks, kept: summary.kept, keyActions: summary.keyActions,
    unlabelled: summary.filtered['unknown-outcome'],
    problems: [...unreadable(summary.errors), ...report.skipped.map((runId) => `run ${runId}: its transcript could not be rebuilt`)],
  };
}

function unreadable(errors: readonly { file: string; error: string }[]): string[] {
  return errors.map((error) => `${error.file}: ${error.error}`);
}
