// Reading and summarising runs on worker threads. Parsing a run and asking the loop watch about
// it are most of the pipeline's work and need nothing from other runs, so they spread over
// cores; the main thread keeps the index, the trees and the output. A worker is this module
// loaded in a worker thread: it starts serving when it sees its workerData. Under tsx the
// worker registers tsx first; in a bundle it loads the bundle, whose top-level code reaches
// this module (the bundle's own entry code does not run: it is not the worker's main module).
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ModelTurnRecord, TrajectoryHeader } from '../trajectory/format';
import type { WatchConfig } from '../watch/config';
import { createRunImporter, loopWatchStuck, type ImporterOptions } from './adapters';
import { createCanonicalizer } from './canonical';
import type { NormalizationConfig } from './config';
import { runMetrics, type RunMetrics } from './metrics';
import { indexRuns, RunLoader, type RunIndex, type RunRef, type SourceError } from './source';
import { summarizeRun, type TaskRun } from './task-runs';

const WORKER_KIND = 'crux-align-summarizer';

/** What a worker needs to rebuild the pipeline's reading side: plain data, no functions. */
export interface WorkerSetup {
  normalization: NormalizationConfig;
  importer: ImporterOptions;
  /** Loop-watch settings for the stuck verdict; null: no verdict. */
  watch: WatchConfig | null;
  concurrency: number;
}

interface LoadRequest {
  id: number;
  refs: RunRef[];
  /** Files to index (mode index). */
  files: string[];
  /** index: references from files (pass 1); summary: TaskRun summaries for the tree;
   * metrics: RunMetrics for `crux stats`. */
  mode: 'index' | 'summary' | 'metrics';
  /** Keep the header and turns of runs labelled a success (for SFT). */
  retainResolved: boolean;
}

export interface MetricsOfRun {
  runId: string;
  metrics: RunMetrics;
}

/** A TaskRun as it crosses the thread boundary (structured clone: Maps survive, links do not exist yet). */
type SummaryMessage = Pick<TaskRun, 'ref' | 'resolved' | 'stuck' | 'ownSteps' | 'ownKeys' | 'failedSteps'> & {
  header: TrajectoryHeader | null;
  turns: Map<number, ModelTurnRecord> | null;
};

interface LoadResponse {
  id: number;
  index?: RunIndex;
  runs: SummaryMessage[];
  metrics: MetricsOfRun[];
  errors: SourceError[];
  failure?: string;
}

function serve(setup: WorkerSetup): void {
  const port = parentPort;
  if (!port) return;
  const importer = createRunImporter(setup.importer);
  const isStuck = setup.watch ? loopWatchStuck(setup.watch) : null;
  const canonicalize = createCanonicalizer(setup.normalization);
  const loader = new RunLoader(importer, setup.concurrency);
  const answer = async (request: LoadRequest): Promise<LoadResponse> => {
    if (request.mode === 'index') return { id: request.id, index: await indexRuns(request.files, importer), runs: [], metrics: [], errors: [] };
    if (request.mode === 'metrics') {
      const { runs, errors } = await loader.load(request.refs, (run) => ({ runId: run.ref.runId, metrics: runMetrics(run.trajectory, isStuck ?? undefined) }));
      return { id: request.id, runs: [], metrics: runs, errors };
    }
    const retain = request.retainResolved ? (run: TaskRun) => run.resolved === true : undefined;
    const { runs, errors } = await loader.load(request.refs, (loaded) => summarizeRun(loaded, { canonicalize, isStuck, ...(retain ? { retain } : {}) }));
    return {
      id: request.id, metrics: [], errors,
      runs: runs.map((run) => ({ ref: run.ref, resolved: run.resolved, stuck: run.stuck, ownSteps: run.ownSteps, ownKeys: run.ownKeys, failedSteps: run.failedSteps, header: run.header, turns: run.turns })),
    };
  };
  port.on('message', (request: LoadRequest) => {
    answer(request).then(
      (response) => port.postMessage(response),
      (error: unknown) => port.postMessage({ id: request.id, runs: [], metrics: [], errors: [], failure: error instanceof Error ? error.message : String(error) }),
    );
  });
}

if (!isMainThread && (workerData as { kind?: unknown } | null)?.kind === WORKER_KIND) {
  serve((workerData as { setup: WorkerSetup }).setup);
}

function bootstrap(): string {
  const entry = __filename;
  const load = entry.endsWith('.ts') ? `r('tsx/cjs'); r(${JSON.stringify(entry)});` : `r(${JSON.stringify(entry)});`;
  return `const r = require('node:module').createRequire(${JSON.stringify(entry)}); ${load}`;
}

/** A fixed set of worker threads; each request is split across them in order. The caller owns
 * it (one pool serves the index pass and the task pass) and closes it. */
export class SummaryPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (response: LoadResponse) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private broken: Error | null = null;

  constructor(count: number, setup: WorkerSetup) {
    this.workers = Array.from({ length: Math.max(1, count) }, () => {
      const worker = new Worker(bootstrap(), { eval: true, workerData: { kind: WORKER_KIND, setup } });
      worker.on('message', (response: LoadResponse) => {
        const waiting = this.pending.get(response.id);
        this.pending.delete(response.id);
        waiting?.resolve(response);
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`an alignment worker exited with code ${code}`));
      });
      return worker;
    });
  }

  private fail(error: Error): void {
    this.broken ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  private request(worker: Worker, request: Omit<LoadRequest, 'id'>): Promise<LoadResponse> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...request } satisfies LoadRequest);
    });
  }

  /** Splits the items over the workers in order and returns the answers in that order. */
  private async spread<T>(items: readonly T[], request: (chunk: T[]) => Omit<LoadRequest, 'id'>): Promise<LoadResponse[]> {
    const size = Math.ceil(items.length / this.workers.length);
    const parts = await Promise.all(this.workers.map((worker, i) => {
      const chunk = items.slice(i * size, (i + 1) * size);
      return chunk.length > 0 ? this.request(worker, request(chunk)) : null;
    }));
    const answers = parts.filter((part): part is LoadResponse => part !== null);
    const failed = answers.find((part) => part.failure);
    if (failed?.failure) throw new Error(failed.failure);
    return answers;
  }

  /** Pass 1 on the workers: the references of every run of the files, in file order. */
  async index(files: readonly string[]): Promise<RunIndex> {
    const answers = await this.spread(files, (chunk) => ({ files: chunk, refs: [], mode: 'index', retainResolved: false }));
    return {
      refs: answers.flatMap((part) => part.index?.refs ?? []),
      errors: answers.flatMap((part) => part.index?.errors ?? []),
      files: files.length,
    };
  }

  /** Loads and summarises the runs, in the order of `refs`. */
  async load(refs: readonly RunRef[], retainResolved: boolean): Promise<{ runs: TaskRun[]; errors: SourceError[] }> {
    const answers = await this.spread(refs, (chunk) => ({ refs: chunk, files: [], mode: 'summary', retainResolved }));
    return {
      runs: answers.flatMap((part) => part.runs.map((run): TaskRun => ({ ...run, parent: null, path: [], owners: [], excluded: null }))),
      errors: answers.flatMap((part) => part.errors),
    };
  }

  /** The metrics of each run, in the order of `refs`. */
  async metrics(refs: readonly RunRef[]): Promise<{ runs: MetricsOfRun[]; errors: SourceError[] }> {
    const answers = await this.spread(refs, (chunk) => ({ refs: chunk, files: [], mode: 'metrics', retainResolved: false }));
    return { runs: answers.flatMap((part) => part.metrics), errors: answers.flatMap((part) => part.errors) };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
