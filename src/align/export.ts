// The three whole-corpus operations behind `crux pairs`, `crux sft` and `crux stats`, each one
// streaming pass over the tasks of a run set. They return plain reports; the CLI prints them.
import { JsonlWriter } from './jsonl-writer';
import type { ChildComparison, KeyAction } from './key-actions';
import { MetricsAccumulator, runMetrics, type RunStats } from './metrics';
import { pairsOfKeyAction, type ExportOptions } from './pairs';
import { analyzeTasks, emptySummary, type PipelineOptions, type PipelineSummary, type RunSet } from './pipeline';
import { RunLoader } from './source';
import { isSftRun, sftRecordOf } from './sft';
import { hydrate } from './task-runs';
import { nodeId, nodeLabel } from './tree';

/** A key action as a few plain fields, so a ranking across tasks keeps no tree in memory. */
export interface KeyActionSummary {
  task: string;
  node: string;
  step: number;
  better: { node: string; action: string; value: number; visits: number };
  worse: { node: string; action: string; value: number; visits: number };
  gap: number;
  separation: number;
}

export function summarizeKeyAction(key: KeyAction): KeyActionSummary {
  const best = key.comparisons[0] as ChildComparison;
  const side = (node: ChildComparison['better']) => ({ node: nodeId(node), action: nodeLabel(node), value: node.value, visits: node.visits });
  return { task: key.taskId, node: nodeId(key.node), step: best.better.step, better: side(best.better), worse: side(best.worse), gap: best.gap, separation: best.separation };
}

/** The same order as compareComparisons, on summaries: larger gap, wider separation, more
 * runs on the smaller side, then ids. */
export function compareSummaries(x: KeyActionSummary, y: KeyActionSummary): number {
  return y.gap - x.gap
    || y.separation - x.separation
    || Math.min(y.better.visits, y.worse.visits) - Math.min(x.better.visits, x.worse.visits)
    || x.better.node.localeCompare(y.better.node)
    || x.worse.node.localeCompare(y.worse.node);
}

/** Keeps the best `limit` key actions seen so far, as summaries (no tree outlives its task). */
class TopKeyActions {
  private readonly items: KeyActionSummary[] = [];
  constructor(private readonly limit: number) {}

  offer(key: KeyAction): void {
    const summary = summarizeKeyAction(key);
    const worst = this.items[this.items.length - 1];
    if (this.items.length >= this.limit && worst && compareSummaries(summary, worst) >= 0) return;
    this.items.push(summary);
    this.items.sort(compareSummaries);
    if (this.items.length > this.limit) this.items.pop();
  }

  list(): KeyActionSummary[] {
    return [...this.items];
  }
}

export interface PairsReport {
  summary: PipelineSummary;
  pairs: number;
  problems: string[];
  top: KeyActionSummary[];
}

export async function writePairs(set: RunSet, options: PipelineOptions, out: string, exportOptions: ExportOptions, topCount = 10): Promise<PairsReport> {
  const summary = emptySummary(set);
  const writer = new JsonlWriter(out);
  const problems: string[] = [];
  const top = new TopKeyActions(topCount);
  try {
    for await (const analysis of analyzeTasks(set, options, summary)) {
      for (const key of analysis.keyActions) {
        const built = await pairsOfKeyAction(key, options.config.significance.z, exportOptions, analysis.read);
        for (const pair of built.pairs) writer.write(pair);
        problems.push(...built.problems);
        top.offer(key);
      }
    }
    writer.close();
  } catch (error) {
    writer.abort();
    throw error;
  }
  return { summary, pairs: writer.lines, problems, top: top.list() };
}

export interface SftReport {
  summary: PipelineSummary;
  records: number;
  /** Successful kept runs whose transcript could not be rebuilt. */
  skipped: string[];
}

export async function writeSft(set: RunSet, options: PipelineOptions, out: string, exportOptions: ExportOptions): Promise<SftReport> {
  const summary = emptySummary(set);
  const writer = new JsonlWriter(out);
  const skipped: string[] = [];
  try {
    // Successes keep their turns from the first read; a branch's ancestors are read again.
    for await (const analysis of analyzeTasks(set, { ...options, retainSuccesses: true }, summary)) {
      for (const run of analysis.runs) {
        if (!isSftRun(run)) continue;
        await hydrate(run, analysis.read);
        const record = sftRecordOf(run, exportOptions);
        if (record) writer.write(record);
        else skipped.push(run.ref.runId);
      }
    }
    writer.close();
  } catch (error) {
    writer.abort();
    throw error;
  }
  return { summary, records: writer.lines, skipped };
}

/** Run metrics over every run of the set, one task at a time (nothing is filtered), on the
 * pool's workers when the options ask for them. */
export async function collectStats(set: RunSet, options: Pick<PipelineOptions, 'importer' | 'isStuck' | 'taskFilter' | 'concurrency' | 'pool'>): Promise<RunStats> {
  const accumulator = new MetricsAccumulator();
  accumulator.unreadable = set.index.errors.length;
  const loader = new RunLoader(options.importer, options.concurrency ?? 8, undefined, set.store);
  const { pool } = options;
  for (const [taskId, refs] of set.tasks) {
    if (options.taskFilter && !options.taskFilter(taskId)) continue;
    // Metrics are taken as each run is parsed; only they outlive the read.
    const { runs, errors } = pool
      ? await pool.metrics(refs)
      : await loader.load(refs, (run) => ({ runId: run.ref.runId, metrics: runMetrics(run.trajectory, options.isStuck) }));
    accumulator.unreadable += errors.length;
    for (const run of runs) accumulator.add(taskId, run.runId, run.metrics);
  }
  return accumulator.result();
}
