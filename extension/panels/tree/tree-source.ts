// The runs a tree is built from, through the SEAlign pipeline (src/align) with its defaults:
// Crux files and every imported format, the loop watch's stuck filter, Wilson intervals at 95%.
import { createRunImporter, defaultAlignConfig, loopWatchStuck, openRunSet, analyzeTasks, type RunSet, type TaskAnalysis } from '../../../src/align';
import type { PipelineOptions } from '../../../src/align/pipeline';

export interface TreeSource {
  /** In words, for the page: "this workspace's run history", or a folder. */
  label: string;
  set: RunSet;
  options: PipelineOptions;
}

/** Indexes the runs under these files and folders (headers only; runs are read per task). */
export async function openTreeSource(paths: readonly string[], label: string): Promise<TreeSource> {
  const importer = createRunImporter();
  const set = await openRunSet(paths, importer);
  return { label, set, options: { config: defaultAlignConfig(), importer, isStuck: loopWatchStuck() } };
}

/** The task ids of the source with their number of runs, most runs first. */
export function tasksOf(source: TreeSource): { taskId: string; runs: number }[] {
  return [...source.set.tasks].map(([taskId, refs]) => ({ taskId, runs: refs.length }))
    .sort((a, b) => b.runs - a.runs || a.taskId.localeCompare(b.taskId));
}

/** Filters, builds and scores one task's tree. */
export async function analyzeTask(source: TreeSource, taskId: string): Promise<TaskAnalysis> {
  if (!source.set.tasks.has(taskId)) throw new Error(`no runs of task ${taskId} in ${source.label}`);
  for await (const analysis of analyzeTasks(source.set, { ...source.options, taskFilter: (id) => id === taskId })) return analysis;
  throw new Error(`the runs of task ${taskId} could not be read`);
}
