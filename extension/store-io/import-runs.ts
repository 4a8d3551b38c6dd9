// Imports other agents' runs (and Crux files from elsewhere) through the core's run loader,
// either into the workspace's run store, where the history lists them, or into a folder. No
// VS Code here: the command asks the questions, this does the work.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isLoadError, iterateRuns, type LoadedRun } from '../../src/trajectory/import';
import { serializeTrajectory } from '../../src/trajectory/jsonl';
import { summarizeRun } from '../../src/trajectory/run-summary';
import { TrajectoryStore } from '../../src/trajectory/store';

export type ImportTarget = { kind: 'store'; store: TrajectoryStore } | { kind: 'folder'; dir: string };

export interface ImportReport {
  /** Where the runs went. */
  target: string;
  written: string[];
  /** Runs already there (the same run id in the store, or the same file name in the folder). */
  alreadyThere: number;
  /** Files that looked like runs but could not be read. */
  failed: { file: string; error: string }[];
  sourceFiles: number;
}

export async function importRuns(paths: readonly string[], target: ImportTarget): Promise<ImportReport> {
  const report: ImportReport = {
    target: target.kind === 'store' ? target.store.dir : target.dir, written: [], alreadyThere: 0, failed: [], sourceFiles: 0,
  };
  if (target.kind === 'store') target.store.prepare();
  else await mkdir(target.dir, { recursive: true });
  const sources = new Set<string>();
  for await (const item of iterateRuns([...paths])) {
    if (isLoadError(item)) {
      report.failed.push({ file: item.file, error: item.error });
      continue;
    }
    sources.add(item.file);
    const path = target.kind === 'store' ? storePath(target.store, item) : join(target.dir, folderName(item));
    if (path === null) {
      report.failed.push({ file: item.file, error: `run id "${item.trajectory.header.runId}" cannot name a file in the store` });
      continue;
    }
    if (existsSync(path)) {
      report.alreadyThere++;
      continue;
    }
    // Private to the user, like the runs the recorder writes.
    await writeFile(path, serializeTrajectory(item.trajectory), { mode: 0o600 });
    if (target.kind === 'store') {
      const { header, outcome } = item.trajectory;
      target.store.noteRun(summarizeRun(header, outcome, `${header.runId}.jsonl`));
    }
    report.written.push(path);
  }
  report.sourceFiles = sources.size;
  return report;
}

/** In the store a run's file is named by its id (the index and `crux show` rely on it). */
function storePath(store: TrajectoryStore, run: LoadedRun): string | null {
  const runId = run.trajectory.header.runId;
  return TrajectoryStore.isValidRunId(runId) ? store.pathOf(runId) : null;
}

/** The name `crux import` gives: <task id>.<format>.<run id prefix>.jsonl, sorted by task and
 * stable across imports, so importing the same runs again finds them there. */
export function folderName(run: LoadedRun): string {
  const task = run.trajectory.header.task.id.replace(/[^\w.-]+/g, '_').replace(/^[_.]+/, '').slice(0, 80) || 'run';
  return `${task}.${run.format}.${run.trajectory.header.runId.slice(0, 8)}.jsonl`;
}
