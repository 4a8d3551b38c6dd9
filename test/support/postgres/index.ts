// A real PostgreSQL server for tests: initdb in a temp folder, listening on a free loopback
// port (and a unix socket inside the folder), password (scram) authentication over TCP so
// roles and row-level security are tested as a team would run them. PostgreSQL refuses to run
// as root: when the tests run as root, the server runs as the `postgres` system user (created
// by Debian's postgresql package) through runuser.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PostgresServer {
  /** postgres://crux_admin:…@127.0.0.1:PORT/crux_team: the superuser of this server. */
  adminUrl: string;
  port: number;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
  /** Stops the server (fast: connections are cut) and starts it again after `downMs`. */
  restart(downMs?: number): Promise<void>;
  /** Stops it without removing anything (for outage tests); start() brings it back. */
  halt(): Promise<void>;
  start(): Promise<void>;
}

const ADMIN = 'crux_admin';
const DATABASE = 'crux_team';

/** Where Debian keeps the server binaries; CRUX_PG_BIN overrides it. */
export function postgresBin(): string | null {
  const candidates = [process.env.CRUX_PG_BIN, '/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin']
    .filter((dir): dir is string => typeof dir === 'string' && dir !== '');
  return candidates.find((dir) => existsSync(join(dir, 'initdb'))) ?? null;
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql; see scripts/install-test-deps.sh)');
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'crux-pg-'));
  const data = join(dir, 'data');
  const password = `pw${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(dir, 'pwfile'), `${password}\n`);
  if (asRoot) chownRecursive(dir);
  const exec = async (tool: string, args: string[]): Promise<string> => {
    const command = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] as const : [join(bin, tool), args] as const;
    const { stdout } = await run(command[0], [...command[1]], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  };
  await exec('initdb', ['-D', data, '-U', ADMIN, `--pwfile=${join(dir, 'pwfile')}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-instructions', '--no-sync']);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const start = async (): Promise<void> => {
    await exec('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  };
  const halt = async (): Promise<void> => {
    await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => '');
  };
  await start();
  await exec('createdb', ['-h', dir, '-p', String(port), '-U', ADMIN, DATABASE]);
  return {
    adminUrl: `postgres://${ADMIN}:${password}@127.0.0.1:${port}/${DATABASE}`,
    port,
    start,
    halt,
    async restart(downMs = 0) {
      await halt();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function chownRecursive(dir: string): void {
  const { uid, gid } = postgresUser();
  chownSync(dir, uid, gid);
  chownSync(join(dir, 'pwfile'), uid, gid);
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('running as root needs the `postgres` system user (Debian\'s postgresql package creates it)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
