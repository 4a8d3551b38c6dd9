import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { initTeam } from '../../src/team/admin';
import { PgRunStore } from '../../src/team/pg-store';
import { RunRefusedError } from '../../src/team/run-text';
import { serializeRecord, serializeTrajectory } from '../../src/trajectory/jsonl';
import { tempDir } from '../trajectory/fixtures';
import { sharedRun, startTeam, writeRun, type Team } from './support';

describe('team store on a real PostgreSQL', function () {
  this.timeout(120_000);
  let team: Team;
  const stores: PgRunStore[] = [];
  const open = async (name: string, role?: 'contributor' | 'curator' | 'worker') => {
    const store = new PgRunStore(await team.url(name, role), { retryDeadlineMs: 2000 });
    stores.push(store);
    return store;
  };

  before(async () => {
    team = await startTeam();
  });
  after(async () => {
    for (const store of stores) await store.close();
    await team?.server.stop();
  });

  it('team init is idempotent: a second run applies nothing', async () => {
    const again = await initTeam(team.server.adminUrl);
    assert.deepEqual(again.applied, []);
  });

  it('reads a run back byte for byte as its file, and lists its summary', async () => {
    const alice = await open('alice');
    const dir = tempDir();
    const path = writeRun(dir.path, sharedRun('run-bytes-1', { steps: 30 }));
    const text = readFileSync(path, 'utf8');
    assert.equal(await alice.put('run-bytes-1', text), 'created');
    assert.equal(await alice.readText('run-bytes-1'), text);
    const [summary] = await alice.list();
    assert.equal(summary?.runId, 'run-bytes-1');
    assert.equal(summary?.consent, 'share');
    assert.equal((await alice.find('run-b')).runId, 'run-bytes-1');
    dir.remove();
  });

  it('puts idempotently: same bytes unchanged, a grown run updated in place', async () => {
    const alice = await open('alice');
    const run = sharedRun('run-grow-1');
    const text = serializeTrajectory(run);
    assert.equal(await alice.put('run-grow-1', text), 'created');
    assert.equal(await alice.put('run-grow-1', text), 'unchanged');
    const grown = text + serializeRecord({ kind: 'outcome-update', t: 1, resolved: true, origin: 'user' });
    assert.equal(await alice.put('run-grow-1', grown), 'updated');
    assert.equal(await alice.readText('run-grow-1'), grown);
    assert.equal((await alice.find('run-grow-1')).resolved, true);
    const admin = new pg.Client({ connectionString: team.server.adminUrl });
    await admin.connect();
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM crux.runs WHERE run_id = 'run-grow-1'`);
    await admin.end();
    assert.equal(rows[0].n, 1);
  });

  it('updates an outcome through the store interface', async () => {
    const alice = await open('alice');
    await alice.put('run-outcome-1', serializeTrajectory(sharedRun('run-outcome-1')));
    const after = await alice.updateOutcome('run-outcome-1', { kind: 'outcome-update', t: 2, verdict: 'accept', origin: 'user' });
    assert.equal(after.verdict, 'accept');
    assert.equal((await alice.read('run-outcome-1')).outcome?.verdict, 'accept');
  });

  it('contributor A can neither read nor delete B\'s runs; a curator reads both', async () => {
    const a = await open('contrib_a');
    const b = await open('contrib_b');
    await a.put('run-of-a', serializeTrajectory(sharedRun('run-of-a')));
    await b.put('run-of-b', serializeTrajectory(sharedRun('run-of-b')));
    assert.deepEqual((await a.list()).map((run) => run.runId), ['run-of-a']);
    await assert.rejects(a.readText('run-of-b'), /no run "run-of-b"/);
    await assert.rejects(a.delete('run-of-b'), /not one this role may delete/);
    assert.equal(await a.deleteIfPresent('run-of-b'), false);
    // Straight SQL as A, past the client's own checks: the policies still hold.
    const raw = new pg.Client({ connectionString: await team.url('contrib_a') });
    await raw.connect();
    assert.equal((await raw.query(`SELECT * FROM crux.run_lines WHERE run_id = 'run-of-b'`)).rowCount, 0);
    assert.equal((await raw.query(`DELETE FROM crux.run_lines WHERE run_id = 'run-of-b'`)).rowCount, 0);
    await assert.rejects(raw.query(`INSERT INTO crux.run_lines (run_id, line_no, line) VALUES ('run-of-b', 999, 'x')`), /row-level security/);
    await assert.rejects(raw.query(`UPDATE crux.runs SET contributor = 'contrib_a' WHERE run_id = 'run-of-a' RETURNING 1`).then(async () =>
      raw.query(`INSERT INTO crux.runs (run_id, contributor, task_id, created_at, model, consent, agent, header, summary, line_count, bytes, sha256)
        VALUES ('forged', 'contrib_b', 't', now(), 'm', 'share', 'crux', '{"kind":"header","format":"crux.trajectory/1"}', '{}', 1, 1, 'x')`)), /row-level security/);
    await raw.end();
    const curator = await open('lead', 'curator');
    const seen = (await curator.list()).map((run) => run.runId);
    assert.ok(seen.includes('run-of-a') && seen.includes('run-of-b'));
    assert.equal(await curator.readText('run-of-b'), serializeTrajectory(sharedRun('run-of-b')));
    await b.delete('run-of-b');
    assert.ok(!(await curator.list()).some((run) => run.runId === 'run-of-b'));
  });

  it('refuses bad and oversized runs with a clear error, on the client and on the server', async () => {
    const alice = await open('alice');
    await assert.rejects(alice.put('run-bad', '{"kind":"header"'), (error: Error) => error instanceof RunRefusedError && /incomplete/.test(error.message));
    await assert.rejects(alice.put('run-bad', 'not json\n'), /refused: .*no header line/);
    const local = sharedRun('run-local');
    local.header.consent = 'local';
    await assert.rejects(alice.put('run-local', serializeTrajectory(local)), /only runs recorded at "share" leave this machine/);
    const small = new PgRunStore(await team.url('alice'), { limits: { maxRunBytes: 1000, maxLineBytes: 1000 } });
    stores.push(small);
    await assert.rejects(small.put('run-big', serializeTrajectory(sharedRun('run-big', { steps: 40 }))), /over the team store's limit/);
    // The server checks too, whatever the client: a forged oversized row is refused.
    const raw = new pg.Client({ connectionString: await team.url('alice') });
    await raw.connect();
    await assert.rejects(raw.query(`INSERT INTO crux.runs (run_id, task_id, created_at, model, consent, agent, header, summary, line_count, bytes, sha256)
      VALUES ('huge', 't', now(), 'm', 'share', 'crux', '{"kind":"header","format":"crux.trajectory/1"}', '{}', 1, 999999999999, 'x')`), /runs_bytes_check/);
    await raw.end();
  });

  it('says what to do when the schema is missing', async () => {
    const store = new PgRunStore(team.server.adminUrl.replace(/\/crux_team$/, '/postgres'));
    stores.push(store);
    await assert.rejects(store.list(), /no Crux team schema; run: crux team init/);
  });
});
