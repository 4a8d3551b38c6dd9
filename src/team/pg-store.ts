// The team store: runs in PostgreSQL, one row per run (its header and outcome as columns a
// team can query) and one row per line of its file, so `crux show postgres://…/RUN` prints
// exactly what `crux show FILE` does. Row-level security decides what each role sees
// (migrations.ts); this class only ever asks as the role in its URL.
import pg from 'pg';
import type { OutcomeUpdate, Trajectory } from '../trajectory/format';
import { parseTrajectory, serializeRecord } from '../trajectory/jsonl';
import { findRun, RunStoreError, type PutResult, type RunSlot, type RunSyncTarget } from '../trajectory/run-store';
import type { RunSummary } from '../trajectory/run-summary';
import { SCHEMA_VERSION } from './migrations';
import { withRetry } from './retry';
import { checkRun, DEFAULT_LIMITS, RunRefusedError, sha256Of, type CheckedRun, type RunLimits } from './run-text';
import { parseTeamUrl } from './url';

export interface PgStoreOptions {
  /** How long an operation keeps retrying while the server is unreachable (ms). */
  retryDeadlineMs?: number;
  onRetry?: (message: string) => void;
  limits?: RunLimits;
  signal?: AbortSignal;
}

/** A run as the pipeline indexes it: enough to group by task and link branches. */
export interface StoredRunRef {
  runId: string;
  taskId: string;
  parent: { runId: string; step: number } | null;
  repository: string | null;
}

export class PgRunStore implements RunSyncTarget {
  readonly location: string;
  private readonly pool: pg.Pool;
  private schemaChecked = false;
  private readonly pendingReads: { runId: string; resolve: (text: string) => void; reject: (error: unknown) => void }[] = [];

  constructor(url: string, private readonly options: PgStoreOptions = {}) {
    const address = parseTeamUrl(url);
    this.location = address.display;
    this.pool = new pg.Pool({ connectionString: address.connectionString, max: 4, connectionTimeoutMillis: 10_000 });
    // An idle connection cut by a server restart must not take the process down: the next
    // query gets a fresh connection (and retries).
    this.pool.on('error', () => undefined);
  }

  async list(): Promise<RunSummary[]> {
    const { rows } = await this.query<{ summary: RunSummary }>('SELECT summary FROM crux.runs ORDER BY created_at DESC, run_id DESC');
    return rows.map((row) => row.summary);
  }

  async find(idOrPrefix: string): Promise<RunSummary> {
    const { rows } = await this.query<{ summary: RunSummary }>(
      `SELECT summary FROM crux.runs WHERE run_id = $1 OR (length($1) >= 4 AND starts_with(run_id, $1)) LIMIT 3`, [idOrPrefix]);
    return findRun(rows.map((row) => row.summary), idOrPrefix, this.location);
  }

  async read(runId: string): Promise<Trajectory> {
    return parseTrajectory(await this.readText(runId), `${this.location}/${runId}`);
  }

  /** Reads asked for in the same tick (the pipeline loads a task's runs at once) go to the
   * server as one query: a round trip per run cost more than reading the run. */
  readText(runId: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.pendingReads.push({ runId, resolve, reject });
      if (this.pendingReads.length === 1) setImmediate(() => void this.flushReads());
    });
  }

  private async flushReads(): Promise<void> {
    const batch = this.pendingReads.splice(0);
    for (let start = 0; start < batch.length; start += READ_BATCH) {
      const part = batch.slice(start, start + READ_BATCH);
      try {
        const { rows } = await this.query<{ run_id: string; line: string }>(
          'SELECT run_id, line FROM crux.run_lines WHERE run_id = ANY($1::text[]) ORDER BY run_id, line_no', [[...new Set(part.map((read) => read.runId))]]);
        const texts = new Map<string, string[]>();
        for (const row of rows) {
          const lines = texts.get(row.run_id);
          if (lines) lines.push(row.line);
          else texts.set(row.run_id, [row.line]);
        }
        for (const read of part) {
          const lines = texts.get(read.runId);
          if (lines) read.resolve(lines.join(''));
          else read.reject(new RunStoreError(`no run "${read.runId}" in ${this.location} (or not one this role may read)`));
        }
      } catch (error) {
        for (const read of part) read.reject(error);
      }
    }
  }

  /** Every run this role reads, in file-name order (as the pipeline reads a folder). */
  async refs(): Promise<StoredRunRef[]> {
    const { rows } = await this.query<{ run_id: string; task_id: string; parent: StoredRunRef['parent']; repository: string | null }>(
      `SELECT run_id, task_id, header->'parent' AS parent, header->'repository'->>'remote' AS repository
       FROM crux.runs ORDER BY (run_id || '.jsonl') COLLATE "C"`);
    return rows.map((row) => ({ runId: row.run_id, taskId: row.task_id, parent: row.parent, repository: row.repository }));
  }

  /** The rollout's filled slots as "task#sample", with whether each run resolved its task. */
  async rolloutSlots(rollout: string): Promise<Map<string, boolean | null>> {
    const { rows } = await this.query<{ task_id: string; sample: number; resolved: boolean | null }>(
      'SELECT task_id, sample, resolved FROM crux.rollout_slots($1)', [rollout]);
    return new Map(rows.map((row) => [`${row.task_id}#${row.sample}`, row.resolved]));
  }

  async append(runId: string, lines: string): Promise<void> {
    const existing = await this.readText(runId).catch((error: unknown) => {
      if (error instanceof RunStoreError) return '';
      throw error;
    });
    await this.put(runId, existing + lines);
  }

  async updateOutcome(runId: string, update: OutcomeUpdate): Promise<RunSummary> {
    const before = await this.find(runId);
    if (before.end === null) throw new RunStoreError(`run ${runId} has no outcome (it was interrupted or is still running); nothing to update`);
    await this.append(runId, serializeRecord(update));
    return this.find(runId);
  }

  async delete(runId: string): Promise<void> {
    const result = await this.query('DELETE FROM crux.runs WHERE run_id = $1', [runId]);
    if (result.rowCount === 0) throw new RunStoreError(`no run "${runId}" in ${this.location} (or not one this role may delete)`);
  }

  /** Deletes the run if it is there; true when it was. */
  async deleteIfPresent(runId: string): Promise<boolean> {
    const result = await this.query('DELETE FROM crux.runs WHERE run_id = $1', [runId]);
    return (result.rowCount ?? 0) > 0;
  }

  /**
   * Stores the run as `text`, idempotently: unchanged when the store holds the same bytes;
   * the new lines only when the stored run is a prefix of it (a run that grew); replaced
   * otherwise. One transaction, so a retry after a lost connection finds either nothing or
   * all of it. With a rollout slot, a slot already filled by another run is left alone.
   */
  async put(runId: string, text: string, slot?: RunSlot): Promise<PutResult> {
    const run = checkRun(runId, text, this.options.limits ?? DEFAULT_LIMITS);
    return this.transaction(async (client) => {
      const stored = await client.query<{ line_count: number; sha256: string }>(
        'SELECT line_count, sha256 FROM crux.runs WHERE run_id = $1 FOR UPDATE', [runId]);
      const row = stored.rows[0];
      if (!row) {
        const inserted = await client.query(
          `INSERT INTO crux.runs (${COLUMNS.join(', ')}, rollout, sample) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}, $${COLUMNS.length + 1}, $${COLUMNS.length + 2})
           ON CONFLICT DO NOTHING`, [...columnValues(run), slot?.rollout ?? null, slot?.sample ?? null]);
        // Another transaction stored this run id (or filled this slot) first: it wins.
        if (inserted.rowCount === 0) return slot ? 'slot-taken' : 'unchanged';
        await insertLines(client, runId, run.lines, 0);
        return 'created';
      }
      if (row.sha256 === run.sha256 && row.line_count === run.lines.length) return 'unchanged';
      const grew = row.line_count < run.lines.length && sha256Of(run.lines.slice(0, row.line_count)) === row.sha256;
      if (!grew) await client.query('DELETE FROM crux.run_lines WHERE run_id = $1', [runId]);
      await insertLines(client, runId, run.lines.slice(grew ? row.line_count : 0), grew ? row.line_count : 0);
      await client.query(`UPDATE crux.runs SET (${COLUMNS.join(', ')}, updated_at) = (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}, now()) WHERE run_id = $1`,
        columnValues(run));
      return 'updated';
    });
  }

  /** Fails with a clear message when the schema is missing or older than this Crux. */
  async checkSchema(): Promise<void> {
    if (this.schemaChecked) return;
    const version = await this.retrying(async () => {
      const table = await this.pool.query<{ t: string | null }>(`SELECT to_regclass('crux.schema_migrations')::text AS t`);
      if (!table.rows[0]?.t) return null;
      const { rows } = await this.pool.query<{ version: number | null }>('SELECT max(version) AS version FROM crux.schema_migrations');
      return rows[0]?.version ?? null;
    });
    if (version === null) throw new RunStoreError(`${this.location} has no Crux team schema; run: crux team init --url ADMIN_URL`);
    if (version < SCHEMA_VERSION) throw new RunStoreError(`${this.location} has team schema ${version}; this Crux needs ${SCHEMA_VERSION}: run crux team init --url ADMIN_URL`);
    this.schemaChecked = true;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    await this.checkSchema();
    return this.retrying(() => this.pool.query<R>(text, values));
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.checkSchema();
    return this.retrying(async () => {
      const client = await this.pool.connect();
      let broken = false;
      // A connection cut mid-transaction is reported by the query that fails; the client's
      // own 'error' event must not also take the process down.
      const onError = (): void => {
        broken = true;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw refusal(error) ?? error;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    });
  }

  private retrying<T>(operation: () => Promise<T>): Promise<T> {
    return withRetry(operation, {
      deadlineMs: this.options.retryDeadlineMs ?? 60_000,
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      onRetry: (error, attempt, delay) => this.options.onRetry?.(`${this.location} unreachable (${error.message}); retry ${attempt} in ${delay} ms`),
    });
  }
}

/** Runs read in one query at most. */
const READ_BATCH = 16;

const COLUMNS = ['run_id', 'task_id', 'created_at', 'model', 'consent', 'repository', 'agent', 'parent_run_id', 'end_reason',
  'steps', 'resolved', 'test_passed', 'loop_warnings', 'header', 'summary', 'line_count', 'bytes', 'sha256'] as const;

function columnValues(run: CheckedRun): unknown[] {
  const { header, summary } = run;
  return [run.runId, header.task.id, header.createdAt, header.model.name, header.consent, header.repository.remote, header.source.agent,
    header.parent?.runId ?? null, summary.end, summary.steps, summary.resolved, summary.testPassed, run.loopWarnings,
    JSON.stringify(header), JSON.stringify(summary), run.lines.length, run.bytes, run.sha256];
}

async function insertLines(client: pg.PoolClient, runId: string, lines: readonly string[], offset: number): Promise<void> {
  if (lines.length === 0) return;
  await client.query(
    'INSERT INTO crux.run_lines (run_id, line_no, line) SELECT $1, n + $2, l FROM unnest($3::text[]) WITH ORDINALITY AS t(l, n)',
    [runId, offset, lines]);
}

/** The server's own checks, in words (a contributor's client may not be this one). */
function refusal(error: unknown): Error | null {
  const code = (error as { code?: unknown } | null)?.code;
  const constraint = (error as { constraint?: unknown } | null)?.constraint;
  if (code === '23514') return new RunRefusedError(`the team store refused the run: it breaks the check ${String(constraint ?? '')} (too large, or not a shared Crux run)`);
  if (code === '42501') return new RunRefusedError(`the team store refused the run: ${(error as Error).message} (this role may not write it)`);
  return null;
}
