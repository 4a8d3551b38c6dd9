// Shared by the team tests: one real PostgreSQL per test file, a team set up on it, and runs
// written as files the way the recorder writes them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addContributor, initTeam, type TeamRole } from '../../src/team/admin';
import { serializeTrajectory } from '../../src/trajectory/jsonl';
import type { Trajectory } from '../../src/trajectory/format';
import { longTrajectory } from '../support/long-trajectory';
import { startPostgres, type PostgresServer } from '../support/postgres';

export interface Team {
  server: PostgresServer;
  url(name: string, role?: TeamRole): Promise<string>;
}

export async function startTeam(): Promise<Team> {
  const server = await startPostgres();
  await initTeam(server.adminUrl);
  const urls = new Map<string, string>();
  return {
    server,
    async url(name, role = 'contributor') {
      const known = urls.get(name);
      if (known) return known;
      const { url } = await addContributor(server.adminUrl, name, role);
      urls.set(name, url);
      return url;
    },
  };
}

/** A shared run of `steps` steps for task `taskId`, resolved or not. */
export function sharedRun(runId: string, options: { steps?: number; taskId?: string; resolved?: boolean; createdAt?: string } = {}): Trajectory {
  const run = longTrajectory(options.steps ?? 6, runId);
  run.header.consent = 'share';
  if (options.taskId) run.header.task.id = options.taskId;
  if (options.createdAt) run.header.createdAt = options.createdAt;
  if (run.outcome && options.resolved !== undefined) run.outcome.resolved = options.resolved;
  return run;
}

export function writeRun(dir: string, run: Trajectory): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${run.header.runId}.jsonl`);
  writeFileSync(path, serializeTrajectory(run));
  return path;
}
