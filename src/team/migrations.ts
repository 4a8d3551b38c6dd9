// The team store's schema, as numbered migrations applied in order, each in its own
// transaction under an advisory lock, recorded in crux.schema_migrations. Versioned SQL kept
// here (not in .sql files a migration library reads from disk) because the CLI ships as one
// bundled file: a library that walks a migrations folder would need that folder shipped and
// found at run time, for four statements of DDL a release. Applying is idempotent: a second
// `crux team init` finds every version recorded and changes nothing.
import type { ClientBase } from 'pg';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Largest run accepted (all of its lines), and largest line: a run past these is refused. */
export const MAX_RUN_BYTES = 64 * 1024 * 1024;
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs, their lines, roles and row-level security',
    sql: `
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crux_contributor') THEN CREATE ROLE crux_contributor NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crux_curator') THEN CREATE ROLE crux_curator NOLOGIN IN ROLE crux_contributor; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crux_worker') THEN CREATE ROLE crux_worker NOLOGIN IN ROLE crux_contributor; END IF;
END $$;

CREATE TABLE crux.runs (
  run_id        text PRIMARY KEY CHECK (run_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$'),
  contributor   text NOT NULL DEFAULT current_user,
  task_id       text NOT NULL,
  created_at    timestamptz NOT NULL,
  model         text NOT NULL,
  consent       text NOT NULL CHECK (consent = 'share'),
  repository    text,
  agent         text NOT NULL,
  parent_run_id text,
  end_reason    text,
  steps         integer,
  resolved      boolean,
  test_passed   boolean,
  loop_warnings integer NOT NULL DEFAULT 0,
  header        jsonb NOT NULL CHECK (header->>'kind' = 'header' AND header->>'format' = 'crux.trajectory/1'),
  summary       jsonb NOT NULL,
  line_count    integer NOT NULL CHECK (line_count >= 1),
  bytes         bigint NOT NULL CHECK (bytes <= ${MAX_RUN_BYTES}),
  sha256        text NOT NULL,
  rollout       text,
  sample        integer,
  uploaded_at   timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
-- A rollout slot (task x sample) holds one run, whichever worker finishes it first.
CREATE UNIQUE INDEX runs_rollout_slot ON crux.runs (rollout, task_id, sample) WHERE rollout IS NOT NULL;
-- The pipeline reads task by task, runs in file-name order.
CREATE INDEX runs_task ON crux.runs (task_id, run_id COLLATE "C");
CREATE INDEX runs_contributor ON crux.runs (contributor, created_at DESC);
CREATE INDEX runs_created ON crux.runs (created_at DESC);

CREATE TABLE crux.run_lines (
  run_id      text NOT NULL REFERENCES crux.runs (run_id) ON DELETE CASCADE,
  line_no     integer NOT NULL,
  contributor text NOT NULL DEFAULT current_user,
  line        text NOT NULL CHECK (octet_length(line) <= ${MAX_LINE_BYTES}),
  PRIMARY KEY (run_id, line_no)
);

ALTER TABLE crux.runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE crux.run_lines ENABLE ROW LEVEL SECURITY;
-- A contributor inserts runs as itself, and reads, updates and deletes only its own.
CREATE POLICY own_runs ON crux.runs FOR ALL TO crux_contributor
  USING (contributor = current_user) WITH CHECK (contributor = current_user);
CREATE POLICY own_lines ON crux.run_lines FOR ALL TO crux_contributor
  USING (contributor = current_user)
  WITH CHECK (contributor = current_user AND EXISTS (
    SELECT 1 FROM crux.runs r WHERE r.run_id = run_lines.run_id AND r.contributor = current_user));
-- A curator reads everything (the pipeline's role).
CREATE POLICY curator_reads_runs ON crux.runs FOR SELECT TO crux_curator USING (true);
CREATE POLICY curator_reads_lines ON crux.run_lines FOR SELECT TO crux_curator USING (true);

GRANT USAGE ON SCHEMA crux TO crux_contributor;
GRANT SELECT ON crux.schema_migrations TO crux_contributor;
GRANT SELECT, INSERT, UPDATE, DELETE ON crux.runs, crux.run_lines TO crux_contributor;

-- Which rollout slots are filled, for anyone planning or watching a rollout (workers see only
-- their own runs): slot numbers only, nothing of the runs.
CREATE FUNCTION crux.rollout_slots(p_rollout text)
  RETURNS TABLE (task_id text, sample integer, resolved boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = crux, pg_temp
  AS $f$ SELECT task_id, sample, resolved FROM crux.runs WHERE rollout = p_rollout $f$;
REVOKE ALL ON FUNCTION crux.rollout_slots(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crux.rollout_slots(text) TO crux_worker, crux_curator;
`,
  },
];

const LOCK_KEY = 7_302_215_441; // any constant: serialises concurrent `crux team init`s

/** Applies the migrations not yet recorded; returns the versions it applied. */
export async function migrate(client: ClientBase): Promise<number[]> {
  await client.query('CREATE SCHEMA IF NOT EXISTS crux');
  await client.query(`CREATE TABLE IF NOT EXISTS crux.schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const done = await client.query('SELECT 1 FROM crux.schema_migrations WHERE version = $1', [migration.version]);
      if (done.rowCount === 0) {
        await client.query(migration.sql);
        await client.query('INSERT INTO crux.schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        applied.push(migration.version);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw new Error(`migration ${migration.version} (${migration.name}) failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  return applied;
}

/** The newest version this Crux knows; a store older than it needs `crux team init`. */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((migration) => migration.version));
