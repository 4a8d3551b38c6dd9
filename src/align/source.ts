// Where runs come from, in two passes so memory holds one task at a time, never the whole set:
// 1. index: every file's runs as small references (task, run id, parent), reading only the
//    header line of a Crux file; other agents' files go through the importer once;
// 2. load: the runs of one task, read again in full when that task's turn comes.
import { closeSync, openSync, readSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Trajectory, TrajectoryHeader } from '../trajectory/format';
import { TRAJECTORY_FORMAT } from '../trajectory/format';
import { readTrajectoryFile } from '../trajectory/jsonl';
import { INDEX_FILE, isIndexLine } from '../trajectory/run-index';
import type { RunStore } from '../trajectory/run-store';

export interface RunRef {
  file: string;
  /** Position of the run in its file (0 for a Crux file, which holds one run). */
  index: number;
  format: string;
  runId: string;
  taskId: string;
  parent: { runId: string; step: number } | null;
  repository: string | null;
}

export interface SourceError {
  file: string;
  error: string;
}

export interface ImportedRun {
  file: string;
  index: number;
  format: string;
  trajectory: Trajectory;
}

/** Reads other agents' formats (SWE-agent, OpenHands, mini-swe-agent...). Injected, so the
 * pipeline runs on Crux files alone when no importer is given. */
export interface RunImporter {
  /** Streams every run of the files, with an entry per file that could not be read. */
  iterate(files: string[]): AsyncIterable<ImportedRun | SourceError>;
  /** Applies outside outcome labels to a Crux run the pipeline read itself. */
  label?: ((trajectory: Trajectory, file: string) => void) | undefined;
}

export interface RunIndex {
  refs: RunRef[];
  errors: SourceError[];
  files: number;
}

export const CRUX_FORMAT = 'crux';
const TRAJECTORY_EXTENSIONS = new Set(['.jsonl', '.json', '.traj']);
const HEADER_CHUNK = 64 * 1024;

/** The trajectory files under the given files and folders, sorted so every run of the
 * pipeline sees them in the same order. Dot-folders and node_modules are skipped. */
export async function listTrajectoryFiles(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const visit = async (path: string, explicit: boolean): Promise<void> => {
    const entries = await readdir(path, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOTDIR') return null;
      throw new Error(`cannot read ${path}: ${error.code ?? String(error)}`);
    });
    if (entries === null) {
      if (explicit || TRAJECTORY_EXTENSIONS.has(extname(path))) found.push(path);
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) await visit(child, false);
      else if (entry.isFile() && TRAJECTORY_EXTENSIONS.has(extname(entry.name)) && !isStoreIndex(entry.name, child)) found.push(child);
    }
  };
  for (const path of paths) await visit(path, true);
  return found.sort();
}

/** A run store's own index (`.crux/trajectories/index.jsonl`) is found beside its runs when a
 * folder is walked: it lists runs, it is not one, so it is neither read nor reported. */
function isStoreIndex(name: string, file: string): boolean {
  if (name !== INDEX_FILE) return false;
  try {
    return isIndexLine(readFirstLine(file));
  } catch {
    return false;
  }
}

// One buffer for every header read: reads are synchronous, so it is never shared, and a
// fresh 64 KiB buffer per file would be 100,000 allocations for the collector to clear.
let headerBuffer = Buffer.allocUnsafe(HEADER_CHUNK);

/** The first line of a file, read in chunks so a huge file costs one small read. */
export function readFirstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === headerBuffer.length) {
        const bigger = Buffer.allocUnsafe(headerBuffer.length * 2);
        headerBuffer.copy(bigger, 0, 0, length);
        headerBuffer = bigger;
      }
      const read = readSync(fd, headerBuffer, length, headerBuffer.length - length, length);
      const newline = headerBuffer.subarray(length, length + read).indexOf(10);
      if (newline >= 0) return headerBuffer.toString('utf8', 0, length + newline);
      length += read;
      if (read === 0) return headerBuffer.toString('utf8', 0, length);
    }
  } finally {
    closeSync(fd);
  }
}

function cruxHeader(line: string): TrajectoryHeader | null {
  try {
    const record = JSON.parse(line) as Partial<TrajectoryHeader> | null;
    return record?.kind === 'header' && record.format === TRAJECTORY_FORMAT ? (record as TrajectoryHeader) : null;
  } catch {
    return null;
  }
}

export function refOf(header: TrajectoryHeader, file: string, index: number, format: string): RunRef {
  return {
    file, index, format,
    runId: header.runId,
    taskId: header.task.id,
    parent: header.parent ? { runId: header.parent.runId, step: header.parent.step } : null,
    repository: header.repository.remote,
  };
}

/** Pass 1: a reference per run. Crux files are recognised by their header line; everything
 * else goes to the importer (or is reported, when there is none). */
export async function indexRuns(files: readonly string[], importer?: RunImporter): Promise<RunIndex> {
  const refs: RunRef[] = [];
  const errors: SourceError[] = [];
  const others: string[] = [];
  for (const file of files) {
    let header: TrajectoryHeader | null = null;
    if (file.endsWith('.jsonl')) {
      try {
        header = cruxHeader(readFirstLine(file));
      } catch (error) {
        errors.push({ file, error: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
        continue;
      }
    }
    if (header) refs.push(refOf(header, file, 0, CRUX_FORMAT));
    else others.push(file);
  }
  if (others.length > 0 && !importer) {
    for (const file of others) errors.push({ file, error: 'not a Crux trajectory, and no importer was given for other formats' });
  } else if (others.length > 0 && importer) {
    for await (const item of importer.iterate(others)) {
      if ('error' in item) errors.push(item);
      else refs.push(refOf(item.trajectory.header, item.file, item.index, item.format));
    }
  }
  return { refs, errors, files: files.length };
}

export interface LoadedRun {
  ref: RunRef;
  trajectory: Trajectory;
}

/** Pass 2: reads the runs of one task. Imported files are parsed whole, so the last few are
 * kept: the runs of neighbouring tasks often share a file (an OpenHands output.jsonl). */
export class RunLoader {
  private readonly cache = new Map<string, Promise<Map<number, Trajectory>>>();

  constructor(
    private readonly importer?: RunImporter,
    private readonly concurrency = 8,
    private readonly cachedFiles = 2,
    /** Where Crux runs are read when they are not files (a team store); refs name runs by id. */
    private readonly store?: Pick<RunStore, 'read'>,
  ) {}

  /** Reads the runs and hands each to `map` as soon as it is parsed, so a caller that keeps
   * only a summary never holds a task's parsed runs all at once. Order follows `refs`. */
  async load<T>(refs: readonly RunRef[], map: (run: LoadedRun) => T): Promise<{ runs: T[]; errors: SourceError[] }> {
    const results: (T | undefined)[] = new Array<T | undefined>(refs.length);
    const errors: SourceError[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < refs.length) {
        const position = next++;
        const ref = refs[position] as RunRef;
        let trajectory: Trajectory;
        try {
          trajectory = await this.read(ref);
        } catch (error) {
          errors.push({ file: ref.file, error: error instanceof Error ? error.message : String(error) });
          continue;
        }
        results[position] = map({ ref, trajectory });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, refs.length) }, worker));
    return { runs: results.filter((run): run is T => run !== undefined), errors };
  }

  /** One run, read (again) in full, with outside labels applied. */
  async read(ref: RunRef): Promise<Trajectory> {
    if (ref.format !== CRUX_FORMAT) return this.imported(ref);
    const trajectory = this.store ? await this.store.read(ref.runId) : await readTrajectoryFile(ref.file);
    this.importer?.label?.(trajectory, ref.file);
    return trajectory;
  }

  private async imported(ref: RunRef): Promise<Trajectory> {
    if (!this.importer) throw new Error('no importer for this format');
    // The promise is cached, not the result, so workers asking for the same file at once share one parse.
    let pending = this.cache.get(ref.file);
    if (!pending) {
      pending = this.parseFile(this.importer, ref.file);
      this.cache.set(ref.file, pending);
      for (const file of this.cache.keys()) {
        if (this.cache.size <= this.cachedFiles) break;
        this.cache.delete(file);
      }
    }
    const trajectory = (await pending).get(ref.index);
    if (!trajectory) throw new Error(`run ${ref.index} is no longer in ${ref.file}`);
    return trajectory;
  }

  private async parseFile(importer: RunImporter, file: string): Promise<Map<number, Trajectory>> {
    const byIndex = new Map<number, Trajectory>();
    for await (const item of importer.iterate([file])) {
      if ('error' in item) throw new Error(item.error);
      byIndex.set(item.index, item.trajectory);
    }
    return byIndex;
  }
}

/** References grouped by task, tasks in the order they first appear (files are sorted). */
export function groupByTask(refs: readonly RunRef[]): Map<string, RunRef[]> {
  const tasks = new Map<string, RunRef[]>();
  for (const ref of refs) {
    const list = tasks.get(ref.taskId);
    if (list) list.push(ref);
    else tasks.set(ref.taskId, [ref]);
  }
  return tasks;
}
