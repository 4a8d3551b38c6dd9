// Records one agent run as a crux.trajectory/1 file. It listens to the AgentEvent stream and
// writes each record, redacted, with a synchronous append before the event bus moves on, so
// every event is on disk before the next tool runs and a killed process loses nothing it had
// recorded. Nothing is written (no file, no folder) unless consent is local or share and the
// repository is not excluded; the decision is made up front and can be read from `status`.
import { randomUUID } from 'node:crypto';
import type { AgentEvent, AgentEventListener, RunStartedEvent } from '../agent/events';
import { systemClock, silentLog, type Clock, type Log } from '../host/ports';
import { AppendLog } from './append-log';
import { eventRecord, headerRecord, outcomeRecord } from './event-records';
import type { ConsentLevel, OutcomeUpdate, TrajectoryHeader, TrajectoryOutcome, TrajectoryRecord } from './format';
import { TRAJECTORY_FORMAT } from './format';
import { applyOutcomeUpdates, serializeRecord } from './jsonl';
import { findExcludedRemote, SWE_BENCH_REPOSITORIES } from './privacy/exclusions';
import { Redactor } from './privacy/redactor';
import { adHocTaskId, NO_REPOSITORY, type RepositoryInfo } from './repository';
import { summarizeRun } from './run-summary';
import type { TrajectoryStore } from './store';

export interface RecorderOptions {
  /** Where the file goes. */
  store: TrajectoryStore;
  /** The level in force for this workspace; 'off' records nothing. */
  consent: ConsentLevel;
  repository?: RepositoryInfo;
  /** Repository patterns never recorded; default SWE_BENCH_REPOSITORIES (add to it, rather
   * than replace it, unless you mean to). */
  exclusions?: readonly string[];
  /** The task id (a rollout's or benchmark instance's); default adHocTaskId(repository, task). */
  taskId?: string;
  /** For a branch: the run and step whose prefix this run continues. */
  parent?: TrajectoryHeader['parent'];
  source?: TrajectoryHeader['source'];
  /** Default: a fresh Redactor (home folder from the OS). One per run keeps placeholders consistent. */
  redactor?: Redactor;
  cruxVersion?: string;
  clock?: Clock;
  log?: Log;
  /** fsync each record: survives an OS crash too, at a large cost per event. */
  fsync?: boolean;
  /** The most bytes a run file may take (default DEFAULT_MAX_RUN_FILE_BYTES). Past it, events
   * are no longer recorded; the outcome still is, and says where recording stopped. */
  maxFileBytes?: number;
}

/** 256 MiB: far beyond any sane run, well below what readers and disks choke on. */
export const DEFAULT_MAX_RUN_FILE_BYTES = 256 * 1024 * 1024;

export type RecorderStatus =
  | { kind: 'waiting' } // recording allowed; no run has started yet
  | { kind: 'recording'; path: string; runId: string }
  | { kind: 'finished'; path: string; runId: string }
  | { kind: 'off'; reason: string }
  | { kind: 'excluded'; reason: string; remote: string; pattern: string }
  | { kind: 'failed'; reason: string; path: string | null };

/** The part of an Agent the recorder needs. */
export interface AgentEventSource {
  onEvent(listener: AgentEventListener): () => void;
}

export type OutcomeChange = Omit<OutcomeUpdate, 'kind' | 't'>;

export class TrajectoryRecorder {
  private current: RecorderStatus;
  /** Bytes written to the run file so far, and the last event seq before the size limit. */
  private bytes = 0;
  private cappedAt: number | null = null;
  private readonly redactor: Redactor;
  private readonly clock: Clock;
  private readonly log: Log;
  private file: AppendLog | null = null;
  private header: TrajectoryHeader | null = null;
  private outcome: TrajectoryOutcome | null = null;
  private readonly updates: OutcomeUpdate[] = [];
  private seq = 0;

  constructor(private readonly options: RecorderOptions) {
    this.redactor = options.redactor ?? new Redactor();
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentLog;
    const excluded = findExcludedRemote((options.repository ?? NO_REPOSITORY).remoteUrls, options.exclusions ?? SWE_BENCH_REPOSITORIES);
    if (options.consent === 'off') {
      this.current = { kind: 'off', reason: 'recording is off for this workspace' };
    } else if (excluded) {
      this.current = {
        kind: 'excluded', ...excluded,
        reason: `the repository ${excluded.remote} is on the exclusion list (${excluded.pattern}): runs in it are never recorded`,
      };
    } else {
      this.current = { kind: 'waiting' };
    }
  }

  get status(): RecorderStatus {
    return this.current;
  }

  /** Whether this recorder will write (or is writing) a file. */
  get enabled(): boolean {
    return this.current.kind === 'waiting' || this.current.kind === 'recording' || this.current.kind === 'finished';
  }

  /** The trajectory file, once a run has started. */
  get path(): string | null {
    return 'path' in this.current ? this.current.path : null;
  }

  attach(agent: AgentEventSource): () => void {
    return agent.onEvent((event) => this.handle(event));
  }

  /** Takes one event. Never throws: a failed write (a full disk) stops the recording, is
   * logged once, and leaves the run alone. */
  handle(event: AgentEvent): void {
    if (!this.enabled) return;
    try {
      if (event.type === 'run-started') this.start(event);
      else if (this.current.kind !== 'recording') return;
      else if (event.type === 'run-finished') this.finish(outcomeRecord(event, this.clock.now()));
      else {
        if (event.type === 'tool-result' && event.sourceText !== undefined) this.redactor.learnSecrets(event.sourceText);
        const record = eventRecord(event, this.seq + 1, this.clock.now());
        if (record) {
          this.write(record);
          this.seq++;
        }
      }
    } catch (error) {
      this.fail(error);
    }
  }

  /** Appends an outcome update (a test result, the user's verdict). Only after the run ended. */
  updateOutcome(change: OutcomeChange): void {
    if (this.current.kind !== 'finished' || !this.header || !this.outcome) return;
    const update = this.redactor.redactValue<OutcomeUpdate>({ kind: 'outcome-update', t: this.clock.now(), ...change });
    try {
      this.ensureOpen().append(serializeRecord(update));
      this.updates.push(update);
      this.noteRun();
    } catch (error) {
      this.fail(error);
    }
  }

  close(): void {
    this.file?.close();
    this.file = null;
  }

  private start(event: RunStartedEvent): void {
    if (this.current.kind !== 'waiting') {
      this.log.warn(`A recorder records one run; ignoring the start of run ${event.runId}.`);
      return;
    }
    const repository = this.options.repository ?? NO_REPOSITORY;
    const header = headerRecord(event, {
      createdAt: new Date(this.clock.now()).toISOString(),
      taskId: this.options.taskId ?? adHocTaskId(repository, event.task),
      repository: { remote: repository.remote, commit: repository.commit },
      consent: this.options.consent === 'share' ? 'share' : 'local',
      parent: this.options.parent ?? null,
      source: this.options.source ?? { agent: 'crux', format: TRAJECTORY_FORMAT, file: null },
      ...(this.options.cruxVersion ? { cruxVersion: this.options.cruxVersion } : {}),
    });
    const runId = safeRunId(event.runId);
    const { store } = this.options;
    store.prepare();
    const path = store.pathOf(runId);
    this.file = AppendLog.open(path, { fsync: this.options.fsync ?? false });
    this.current = { kind: 'recording', path, runId };
    this.header = this.redactor.redactValue({ ...header, runId });
    const headerLine = serializeRecord(this.header);
    this.file.append(headerLine);
    this.bytes = Buffer.byteLength(headerLine);
    this.noteRun();
  }

  private finish(outcome: TrajectoryOutcome): void {
    const capped = this.cappedAt === null ? outcome : {
      ...outcome,
      message: `${outcome.message} (Recording stopped at the run file's size limit: events after #${this.cappedAt} are missing.)`,
    };
    this.outcome = this.redactor.redactValue(capped);
    this.ensureOpen().append(serializeRecord(this.outcome));
    if (this.current.kind === 'recording') this.current = { kind: 'finished', path: this.current.path, runId: this.current.runId };
    this.noteRun();
  }

  private write(record: TrajectoryRecord): void {
    if (this.cappedAt !== null) return;
    const line = serializeRecord(this.redactor.redactValue(record));
    const limit = this.options.maxFileBytes ?? DEFAULT_MAX_RUN_FILE_BYTES;
    if (this.bytes + Buffer.byteLength(line) > limit) {
      this.cappedAt = this.seq;
      this.log.warn(`The trajectory reached its size limit (${formatBytes(limit)}); events after #${this.seq} are not recorded.`);
      return;
    }
    this.ensureOpen().append(line);
    this.bytes += Buffer.byteLength(line);
  }

  private ensureOpen(): AppendLog {
    if (this.file?.isOpen) return this.file;
    const path = this.path;
    if (!path) throw new Error('No run has started.');
    this.file = AppendLog.open(path, { fsync: this.options.fsync ?? false });
    return this.file;
  }

  private noteRun(): void {
    if (!this.header) return;
    const outcome = this.outcome ? applyOutcomeUpdates(this.outcome, this.updates) : null;
    try {
      this.options.store.noteRun(summarizeRun(this.header, outcome, `${this.header.runId}.jsonl`));
    } catch (error) {
      // The index is a cache the store rebuilds from the files; the recording goes on.
      this.log.warn(`Could not update the trajectory index: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private fail(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.log.error(`Recording the trajectory failed and stopped: ${reason}`);
    this.current = { kind: 'failed', reason, path: this.path };
    this.close();
  }
}

/** Run ids become file names: anything unusual is replaced by a fresh UUID. */
function safeRunId(runId: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(runId) && runId !== 'index' ? runId : randomUUID();
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${bytes} bytes`;
}
