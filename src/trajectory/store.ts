// A folder of trajectories: one `<runId>.jsonl` per run, index.jsonl listing them, and a
// .gitignore that keeps the folder out of git (the CLI's folder sits inside the workspace,
// where `git add -A` for a run's final patch would otherwise pick up its own trajectory).
import { closeSync, existsSync, writeSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { silentLog, type Log } from '../host/ports';
import { AppendLog } from './append-log';
import type { OutcomeUpdate, Trajectory } from './format';
import { readTrajectoryFile, serializeRecord } from './jsonl';
import { appendIndexEntry, INDEX_FILE, readIndex, writeIndex } from './run-index';
import { readRunSummary, type RunSummary } from './run-summary';
import { RunStoreError, type RunStore } from './run-store';
import { ensurePrivateDir, openPrivate, refuseLink } from './private-files';

export class TrajectoryStoreError extends RunStoreError {
  override name = 'TrajectoryStoreError';
}

const RUN_FILE = /^([A-Za-z0-9][A-Za-z0-9._-]*)\.jsonl$/;
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Compact when the index holds this many more lines than runs. */
const COMPACT_SLACK = 64;
/** A prefix must be this long to pick a run, so a typo cannot delete the wrong one. */
const MIN_PREFIX = 4;
/** Run files read at once when (re)building the index. */
const PARALLEL_READS = 32;

export interface TrajectoryStoreOptions {
  /** A folder the store lies inside (the workspace of <workspace>/.crux/trajectories): no
   * folder between it and the store may be a symbolic link. */
  within?: string;
}

export class TrajectoryStore implements RunStore {
  readonly indexPath: string;

  constructor(readonly dir: string, private readonly log: Log = silentLog, private readonly options: TrajectoryStoreOptions = {}) {
    this.indexPath = join(dir, INDEX_FILE);
  }

  get location(): string {
    return this.dir;
  }

  static isValidRunId(runId: string): boolean {
    return RUN_ID.test(runId) && runId !== 'index';
  }

  pathOf(runId: string): string {
    if (!TrajectoryStore.isValidRunId(runId)) throw new TrajectoryStoreError(`"${runId}" is not a valid run id`);
    return join(this.dir, `${runId}.jsonl`);
  }

  /** Creates the folder (private to the user) and its .gitignore. Synchronous: the recorder
   * calls it from inside the event bus when a run starts. Throws LinkRefusedError when the
   * folder, a folder above it (up to `within`), the index or the .gitignore is a symbolic link. */
  prepare(): void {
    ensurePrivateDir(this.dir, this.options.within);
    refuseLink(this.indexPath);
    let fd: number;
    try {
      fd = openPrivate(join(this.dir, '.gitignore'), 'create-new');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
      throw error;
    }
    try {
      writeSync(fd, '# Crux trajectories: private run records, never committed.\n*\n');
    } finally {
      closeSync(fd);
    }
  }

  /** Records a run's summary in the index (when it starts, ends, or its outcome changes). */
  noteRun(summary: RunSummary): void {
    appendIndexEntry(this.indexPath, summary);
  }

  /**
   * Every run, newest first, from the index. The index is checked against the folder's file
   * names (one readdir): runs missing from it are read and added, entries whose file is gone
   * are dropped, and entries of runs not ended yet are refreshed (a run killed mid-way, or an
   * update lost to a concurrent compaction). A missing or damaged index is rebuilt.
   */
  async list(): Promise<RunSummary[]> {
    const index = await readIndex(this.indexPath);
    if (!index || index.damage) {
      if (index?.damage) this.log.warn(`The trajectory index ${this.indexPath} is damaged (${index.damage}); rebuilding it.`);
      return this.rebuildIndex();
    }
    const files = await this.runFiles();
    let changed = index.lines > index.entries.size + COMPACT_SLACK;
    const summaries = new Map<string, RunSummary>();
    for (const [runId, entry] of index.entries) {
      if (!files.has(runId)) {
        changed = true;
        continue;
      }
      if (entry.end === null) {
        const fresh = await this.summarize(runId);
        if (fresh && JSON.stringify(fresh) !== JSON.stringify(entry)) changed = true;
        summaries.set(runId, fresh ?? entry);
      } else {
        summaries.set(runId, entry);
      }
    }
    const unindexed = [...files].filter((runId) => !summaries.has(runId));
    for (const summary of await this.summarizeAll(unindexed)) summaries.set(summary.runId, summary);
    if (unindexed.length > 0) changed = true;
    if (changed) await writeIndex(this.indexPath, summaries.values());
    return sortNewestFirst([...summaries.values()]);
  }

  /** Reads every run file's header and tail and writes a fresh index. */
  async rebuildIndex(): Promise<RunSummary[]> {
    const summaries = await this.summarizeAll([...(await this.runFiles())]);
    if (summaries.length > 0 || existsSync(this.dir)) await writeIndex(this.indexPath, summaries);
    return sortNewestFirst(summaries);
  }

  /** The run with this id, or the only run whose id starts with it. */
  async find(idOrPrefix: string): Promise<RunSummary> {
    const runs = await this.list();
    const exact = runs.find((run) => run.runId === idOrPrefix);
    if (exact) return exact;
    const matches = idOrPrefix.length >= MIN_PREFIX ? runs.filter((run) => run.runId.startsWith(idOrPrefix)) : [];
    if (matches.length === 1 && matches[0]) return matches[0];
    if (matches.length > 1) throw new TrajectoryStoreError(`"${idOrPrefix}" matches ${matches.length} runs; give more of the id`);
    throw new TrajectoryStoreError(`no run "${idOrPrefix}" in ${this.dir}`);
  }

  read(runId: string): Promise<Trajectory> {
    return readTrajectoryFile(this.pathOf(runId));
  }

  async readText(runId: string): Promise<string> {
    try {
      return await readFile(this.pathOf(runId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new TrajectoryStoreError(`no run "${runId}" in ${this.dir}`);
      throw error;
    }
  }

  /** Appends whole lines to the run's file (creating it) and refreshes its index entry. */
  async append(runId: string, lines: string): Promise<void> {
    this.prepare();
    const log = AppendLog.open(this.pathOf(runId));
    try {
      log.append(lines);
    } finally {
      log.close();
    }
    const summary = await this.summarize(runId);
    if (summary) this.noteRun(summary);
  }

  /** Nothing to release: every call opens and closes its own files. */
  async close(): Promise<void> {}

  /** Deletes the run's file and every index line about it (the index is rewritten, not just
   * marked, so the run's task text does not linger there). */
  async delete(runId: string): Promise<void> {
    await rm(this.pathOf(runId), { force: true });
    const index = await readIndex(this.indexPath);
    if (!index || index.damage) {
      await this.rebuildIndex();
      return;
    }
    index.entries.delete(runId);
    await writeIndex(this.indexPath, index.entries.values());
  }

  /** Appends an outcome update to the run's file (events are never rewritten) and refreshes
   * its index entry. The run must have an outcome: a run killed before it ended has none. */
  async updateOutcome(runId: string, update: OutcomeUpdate): Promise<RunSummary> {
    const path = this.pathOf(runId);
    const before = await readRunSummary(path, `${runId}.jsonl`);
    if (before.end === null) {
      throw new TrajectoryStoreError(`run ${runId} has no outcome (it was interrupted or is still running); nothing to update`);
    }
    appendOutcomeUpdate(path, update);
    const after = await readRunSummary(path, `${runId}.jsonl`);
    this.noteRun(after);
    return after;
  }

  private async runFiles(): Promise<Set<string>> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
      throw error;
    }
    const runIds = new Set<string>();
    for (const name of names) {
      const runId = RUN_FILE.exec(name)?.[1];
      if (runId && name !== INDEX_FILE) runIds.add(runId);
    }
    return runIds;
  }

  /** Summaries of many runs, a few files at a time (file handles are limited). */
  private async summarizeAll(runIds: string[]): Promise<RunSummary[]> {
    const summaries: RunSummary[] = [];
    for (let start = 0; start < runIds.length; start += PARALLEL_READS) {
      const batch = await Promise.all(runIds.slice(start, start + PARALLEL_READS).map((runId) => this.summarize(runId)));
      for (const summary of batch) if (summary) summaries.push(summary);
    }
    return summaries;
  }

  private async summarize(runId: string): Promise<RunSummary | null> {
    try {
      return await readRunSummary(this.pathOf(runId), `${runId}.jsonl`);
    } catch (error) {
      this.log.warn(`Skipping ${runId}.jsonl: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }
}

/** Appends one outcome-update line to a trajectory file anywhere (a store's or not). */
export function appendOutcomeUpdate(path: string, update: OutcomeUpdate): void {
  const log = AppendLog.open(path);
  try {
    log.append(serializeRecord(update));
  } finally {
    log.close();
  }
}

function sortNewestFirst(summaries: RunSummary[]): RunSummary[] {
  return summaries.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.runId < b.runId ? 1 : -1));
}
