// Background pushing of shared runs to the team store, for the editor. Pure (no vscode): the
// extension passes in where the runs are, the workspace's consent and the store's address, and
// shows the state it reports. After each run (and at start, and when the settings change) it
// withdraws runs deleted here that were pushed, then pushes what is new or grew; while the
// server is unreachable it retries with a growing delay, and the ledger keeps the work queued
// across restarts of the editor.
import type { Log } from '../../src/host/ports';
import { PushLedger } from '../../src/team/ledger';
import { PgRunStore } from '../../src/team/pg-store';
import { pushRuns, redactAgain } from '../../src/team/push';
import { isConnectionError } from '../../src/team/retry';
import { sha256Of } from '../../src/team/run-text';
import { maskPassword } from '../../src/team/url';
import type { ConsentLevel } from '../../src/trajectory/format';
import type { RunSyncTarget } from '../../src/trajectory/run-store';
import { TrajectoryStore } from '../../src/trajectory/store';

export type TeamSyncState =
  | { kind: 'off' }
  | { kind: 'not-sharing'; consent: ConsentLevel }
  | { kind: 'syncing'; target: string }
  | { kind: 'synced'; target: string; pushed: number; at: number }
  | { kind: 'offline'; target: string; queued: number; retryInMs: number; error: string }
  | { kind: 'failed'; target: string; error: string };

export interface QueuedRun {
  runId: string;
  title: string;
  why: 'new' | 'grown' | 'withdraw';
}

export interface TeamSyncDeps {
  storeDir(): string | undefined;
  consent(): ConsentLevel;
  /** The team store's full URL (with its password), or undefined when none is set. */
  connection(): Promise<string | undefined>;
  log: Log;
  onState(state: TeamSyncState): void;
  openTarget?: (url: string) => RunSyncTarget;
}

const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 5 * 60_000;

export class TeamSync {
  private running: Promise<void> | null = null;
  private again = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = FIRST_RETRY_MS;
  private disposed = false;
  private state: TeamSyncState = { kind: 'off' };

  constructor(private readonly deps: TeamSyncDeps) {}

  get current(): TeamSyncState {
    return this.state;
  }

  /** Syncs soon (now, or after the sync in progress). Resolves when that sync is done. */
  schedule(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    clearTimeout(this.retryTimer);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.syncLoop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** What the next sync would send or withdraw. */
  async queued(): Promise<QueuedRun[]> {
    const dir = this.deps.storeDir();
    const url = await this.deps.connection();
    if (!dir || !url) return [];
    const target = maskPassword(url);
    const ledger = await PushLedger.open(dir);
    const store = new TrajectoryStore(dir, this.deps.log);
    const runs = await store.list();
    const present = new Set(runs.map((run) => run.runId));
    const queue: QueuedRun[] = ledger.entries().filter(([runId]) => !present.has(runId)).map(([runId]) => ({ runId, title: '(deleted here)', why: 'withdraw' }));
    if (this.deps.consent() !== 'share') return queue;
    for (const run of runs) {
      if (run.consent !== 'share' || run.end === null) continue;
      const pushed = ledger.get(run.runId);
      if (pushed && pushed.target === target && pushed.sha256 === sha256Of([redactAgain(await store.readText(run.runId))])) continue;
      queue.push({ runId: run.runId, title: run.title, why: pushed ? 'grown' : 'new' });
    }
    return queue;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.retryTimer);
  }

  private async syncLoop(): Promise<void> {
    do {
      this.again = false;
      await this.syncOnce();
    } while (this.again && !this.disposed);
  }

  private async syncOnce(): Promise<void> {
    const dir = this.deps.storeDir();
    const url = await this.deps.connection();
    if (!dir || !url) return this.setState({ kind: 'off' });
    const target = (this.deps.openTarget ?? ((address) => new PgRunStore(address, { retryDeadlineMs: 2_000 })))(url);
    this.setState({ kind: 'syncing', target: target.location });
    try {
      const ledger = await PushLedger.open(dir);
      const store = new TrajectoryStore(dir, this.deps.log);
      const present = new Set((await store.list()).map((run) => run.runId));
      for (const [runId, pushed] of ledger.entries()) {
        if (present.has(runId)) continue;
        // Deleted here (the history, or by hand): withdrawn from where it went.
        if (pushed.target === target.location) await target.deleteIfPresent(runId);
        await ledger.remove(runId);
        this.deps.log.info(`team: withdrew run ${runId} from ${pushed.target}`);
      }
      const consent = this.deps.consent();
      if (consent !== 'share') {
        this.retryMs = FIRST_RETRY_MS;
        return this.setState({ kind: 'not-sharing', consent });
      }
      const report = await pushRuns({ source: store, target, ledger, consent });
      for (const refused of report.refused) this.deps.log.warn(`team: ${refused.reason}`);
      this.retryMs = FIRST_RETRY_MS;
      this.setState({ kind: 'synced', target: target.location, pushed: report.created + report.updated, at: Date.now() });
      if (report.created + report.updated > 0) this.deps.log.info(`team: pushed ${report.created} new and ${report.updated} updated runs to ${target.location}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!isConnectionError(error)) {
        this.deps.log.error(`team: ${message}`);
        return this.setState({ kind: 'failed', target: target.location, error: message });
      }
      const queued = await this.queued().then((queue) => queue.length, () => 0);
      this.setState({ kind: 'offline', target: target.location, queued, retryInMs: this.retryMs, error: message });
      this.deps.log.warn(`team: ${target.location} unreachable (${message}); retrying in ${Math.round(this.retryMs / 1000)} s`);
      this.retryTimer = setTimeout(() => void this.schedule(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    } finally {
      await target.close().catch(() => undefined);
    }
  }

  private setState(state: TeamSyncState): void {
    this.state = state;
    this.deps.onState(state);
  }
}
