// The two things the pipeline takes from the rest of Crux, adapted to its small interfaces:
// the run importer (other agents' formats, outcome labels) and the loop watch (stuck runs).
import type { Trajectory } from '../trajectory/format';
import type { OutcomeLabels } from '../trajectory/import';
import { applyLabel, labelFor } from '../trajectory/import/labels';
import { loadFile } from '../trajectory/import/load-file';
import type { SourceFormat } from '../trajectory/import/types';
import { DEFAULT_WATCH_CONFIG, type WatchConfig } from '../watch/config';
import { analyzeTrajectory } from '../watch/offline';
import type { StuckCheck } from './task-runs';
import type { RunImporter } from './source';

export interface ImporterOptions {
  /** The format of every non-Crux file; 'auto' recognises each by its content. */
  from?: SourceFormat;
  /** Outcome labels (sb-cli report, SWE-bench report, MANIFEST list) for imports and Crux runs alike. */
  labels?: OutcomeLabels;
}

/** The importer over Crux's run loader. Files are read as if found by walking a folder: a JSON
 * file that is not a run (a manifest, a report) is skipped quietly rather than reported. */
export function createRunImporter(options: ImporterOptions = {}): RunImporter {
  const from = options.from ?? 'auto';
  const { labels } = options;
  return {
    async *iterate(files: string[]) {
      for (const file of files) yield* loadFile(file, { from, labels, explicit: false });
    },
    label: labels
      ? (trajectory: Trajectory, file: string) => applyLabel(trajectory, labelFor(labels, file, trajectory.header.task.id))
      : undefined,
  };
}

/** The loop watch's verdict: a run that ended inside a loop it did not recover from. */
export function loopWatchStuck(config: WatchConfig = DEFAULT_WATCH_CONFIG): StuckCheck {
  return (trajectory) => analyzeTrajectory(trajectory, config).stuck;
}
