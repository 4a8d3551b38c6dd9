// The rollout queue on PostgreSQL, with pg-boss: jobs are rows taken with SKIP LOCKED, a job
// held past its lease (expireInSeconds, set per job from the run's timeout) is failed by
// pg-boss's maintenance and retried, and a job id derived from (rollout, task, sample) keeps a
// second `crux rollout --queue` from queueing the same slot twice.
import { createHash } from 'node:crypto';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { QueuedJob, RolloutCounts, RolloutJob, RolloutQueue } from '../rollout/queue';
import { sleep } from './retry';
import { parseTeamUrl } from './url';

export const QUEUE_NAME = 'crux-rollout';
const SCHEMA = 'pgboss';
/** Attempts after the first (a crash, an expired lease, a run that could not be stored). */
const RETRY_LIMIT = 4;

export interface PgQueueOptions {
  /** How often leases are checked (seconds); a dead worker's job returns within lease + this. */
  maintenanceSeconds?: number;
  pollSeconds?: number;
  onError?: (error: Error) => void;
}

/** Creates pg-boss's schema and the rollout queue, and lets crux_worker use them (team init). */
export async function installQueue(connectionString: string, admin: pg.Client): Promise<void> {
  const boss = new PgBoss({ connectionString, schema: SCHEMA, supervise: false, schedule: false, migrate: true, max: 2 });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    if (!(await boss.getQueue(QUEUE_NAME))) await boss.createQueue(QUEUE_NAME, { name: QUEUE_NAME, retryLimit: RETRY_LIMIT, retryDelay: 0 });
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
  await admin.query(`GRANT USAGE ON SCHEMA ${SCHEMA} TO crux_worker, crux_curator;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${SCHEMA} TO crux_worker;
    GRANT SELECT ON ALL TABLES IN SCHEMA ${SCHEMA} TO crux_curator;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${SCHEMA} TO crux_worker`);
}

export class PgRolloutQueue implements RolloutQueue {
  private readonly boss: PgBoss;
  private started: Promise<unknown> | null = null;

  constructor(url: string, private readonly options: PgQueueOptions = {}) {
    this.boss = new PgBoss({
      connectionString: parseTeamUrl(url).connectionString, schema: SCHEMA, migrate: false, schedule: false,
      supervise: true, maintenanceIntervalSeconds: options.maintenanceSeconds ?? 10, max: 4,
    });
    // Connection errors while the server restarts are reported, and pg-boss keeps polling.
    this.boss.on('error', (error) => options.onError?.(error));
  }

  async enqueue(jobs: readonly QueuedJob[]): Promise<number> {
    await this.start();
    const before = await this.existing(jobs.map(({ job }) => jobId(job)));
    const fresh = jobs.filter(({ job }) => !before.has(jobId(job)));
    const BATCH = 500;
    for (let start = 0; start < fresh.length; start += BATCH) {
      await this.boss.insert(fresh.slice(start, start + BATCH).map(({ job, leaseSeconds }) => ({
        id: jobId(job), name: QUEUE_NAME, data: job, expireInSeconds: leaseSeconds, retryLimit: RETRY_LIMIT, retryDelay: 0,
      })));
    }
    return fresh.length;
  }

  async work(concurrency: number, handler: (job: RolloutJob) => Promise<void>, signal: AbortSignal): Promise<void> {
    await this.start();
    const ids: string[] = [];
    for (let i = 0; i < concurrency; i++) {
      ids.push(await this.boss.work<RolloutJob>(QUEUE_NAME, { batchSize: 1, pollingIntervalSeconds: this.options.pollSeconds ?? 1 },
        async ([job]) => {
          if (job) await handler(job.data);
        }));
    }
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    for (const id of ids) await this.boss.offWork({ id }).catch(() => undefined);
  }

  async counts(rollout?: string): Promise<Map<string, RolloutCounts>> {
    await this.start();
    const { rows } = await this.sql<{ rollout: string; state: string; n: string }>(
      `SELECT data->>'rollout' AS rollout, state, count(*) AS n FROM ${SCHEMA}.job WHERE name = $1 AND ($2::text IS NULL OR data->>'rollout' = $2)
       GROUP BY 1, 2 UNION ALL
       SELECT data->>'rollout', state, count(*) FROM ${SCHEMA}.archive WHERE name = $1 AND ($2::text IS NULL OR data->>'rollout' = $2) GROUP BY 1, 2`,
      [QUEUE_NAME, rollout ?? null]);
    const counts = new Map<string, RolloutCounts>();
    for (const row of rows) {
      const entry = counts.get(row.rollout) ?? { queued: 0, running: 0, completed: 0, failed: 0 };
      const n = Number(row.n);
      if (row.state === 'created' || row.state === 'retry') entry.queued += n;
      else if (row.state === 'active') entry.running += n;
      else if (row.state === 'completed') entry.completed += n;
      else entry.failed += n;
      counts.set(row.rollout, entry);
    }
    return counts;
  }

  async close(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, wait: true, timeout: 5000 }).catch(() => undefined);
  }

  private async start(): Promise<void> {
    this.started ??= this.startOnce();
    await this.started;
  }

  /** pg-boss checks its schema on start; a server that is restarting gets a few more tries. */
  private async startOnce(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.boss.start();
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (/pgboss|does not exist|permission denied/i.test(message)) {
          throw new Error(`the queue is not set up on this server (${message}); run: crux team init --url ADMIN_URL, and use a worker or curator URL`, { cause: error });
        }
        if (attempt >= 10) throw error;
        await sleep(500 * attempt);
      }
    }
  }

  private async existing(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { rows } = await this.sql<{ id: string }>(
      `SELECT id::text FROM ${SCHEMA}.job WHERE name = $1 AND id = ANY($2::uuid[]) UNION SELECT id::text FROM ${SCHEMA}.archive WHERE name = $1 AND id = ANY($2::uuid[])`,
      [QUEUE_NAME, ids]);
    return new Set(rows.map((row) => row.id));
  }

  private sql<R>(text: string, values: unknown[]): Promise<{ rows: R[] }> {
    return this.boss.getDb().executeSql(text, values) as Promise<{ rows: R[] }>;
  }
}

/** A UUID fixed by (rollout, task, sample). */
export function jobId(job: Pick<RolloutJob, 'rollout' | 'sample'> & { task: { id: string } }): string {
  const hex = createHash('sha256').update(`${job.rollout}\n${job.task.id}\n${job.sample}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
