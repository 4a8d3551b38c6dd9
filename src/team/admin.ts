// Setting a team store up, as its administrator: the schema, the roles and their policies
// (migrations.ts), the rollout queue's tables, and one login per contributor.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from './migrations';
import { installQueue } from './pg-queue';
import { parseTeamUrl, urlFor } from './url';

export type TeamRole = 'contributor' | 'worker' | 'curator';
export const TEAM_ROLES: readonly TeamRole[] = ['contributor', 'worker', 'curator'];

export interface InitReport {
  applied: number[];
  database: string;
}

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function initTeam(adminUrl: string): Promise<InitReport> {
  const address = parseTeamUrl(adminUrl);
  const client = new pg.Client({ connectionString: address.connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    const database = rows[0]?.db ?? '';
    const applied = await migrate(client);
    await client.query(`GRANT CONNECT ON DATABASE ${pg.escapeIdentifier(database)} TO crux_contributor`);
    await installQueue(address.connectionString, client);
    return { applied, database };
  } finally {
    await client.end();
  }
}

/**
 * Creates a login for NAME in the role's group and returns its connection URL; for a name
 * that exists, sets a new password (the old URL stops working) and makes sure of its group.
 */
export async function addContributor(adminUrl: string, name: string, role: TeamRole = 'contributor'): Promise<{ url: string; created: boolean }> {
  if (!NAME.test(name)) throw new Error(`"${name}" is not a usable name: lower-case letters, digits and _ (at most 63), starting with a letter or _`);
  if (name.startsWith('crux_') || name === 'postgres' || name.startsWith('pg_')) throw new Error(`"${name}" is reserved`);
  const address = parseTeamUrl(adminUrl);
  const client = new pg.Client({ connectionString: address.connectionString });
  await client.connect();
  try {
    const ready = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = 'crux_contributor'`);
    if (ready.rowCount === 0) throw new Error('this server has no Crux team roles yet; run: crux team init --url ADMIN_URL');
    const password = randomBytes(18).toString('base64url');
    const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount !== 0;
    const identifier = pg.escapeIdentifier(name);
    const literal = pg.escapeLiteral(password);
    await client.query(exists ? `ALTER ROLE ${identifier} WITH LOGIN PASSWORD ${literal}` : `CREATE ROLE ${identifier} LOGIN PASSWORD ${literal}`);
    await client.query(`GRANT crux_${role} TO ${identifier}`);
    return { url: urlFor(address.connectionString, name, password), created: !exists };
  } finally {
    await client.end();
  }
}
