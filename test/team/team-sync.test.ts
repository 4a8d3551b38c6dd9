// The editor's background sync (extension/team/team-sync.ts, no vscode in it) against a real
// PostgreSQL that goes away: queued while offline, retried, pushed once it is back.
import { strict as assert } from 'node:assert';
import { TeamSync, type TeamSyncState } from '../../extension/team/team-sync';
import { silentLog } from '../../src/host/ports';
import { PgRunStore } from '../../src/team/pg-store';
import { tempDir } from '../trajectory/fixtures';
import { sharedRun, startTeam, writeRun, type Team } from './support';

describe('team sync in the editor, with the server going away', function () {
  this.timeout(120_000);
  let team: Team;
  before(async () => {
    team = await startTeam();
  });
  after(async () => {
    await team?.server.stop();
  });

  it('queues while offline, then pushes each shared run once when the server is back', async () => {
    const url = await team.url('ivy');
    const dir = tempDir();
    writeRun(dir.path, sharedRun('run-sync-1'));
    writeRun(dir.path, sharedRun('run-sync-2'));
    const states: TeamSyncState[] = [];
    const sync = new TeamSync({ storeDir: () => dir.path, consent: () => 'share', connection: async () => url, log: silentLog, onState: (state) => states.push(state) });
    try {
      await team.server.halt();
      await sync.schedule();
      const offline = sync.current;
      assert.equal(offline.kind, 'offline');
      assert.equal(offline.kind === 'offline' && offline.queued, 2);
      assert.deepEqual((await sync.queued()).map((run) => run.why), ['new', 'new']);
      await team.server.start();
      await sync.schedule();
      assert.equal(sync.current.kind, 'synced');
      assert.deepEqual(await sync.queued(), []);
      const store = new PgRunStore(url);
      assert.deepEqual((await store.list()).map((run) => run.runId).sort(), ['run-sync-1', 'run-sync-2']);
      await store.close();
      await sync.schedule();
      assert.equal(sync.current.kind === 'synced' && sync.current.pushed, 0, 'nothing twice');
    } finally {
      sync.dispose();
      dir.remove();
    }
  });

  it('pushes nothing when the workspace does not share, and is off without a URL', async () => {
    const dir = tempDir();
    writeRun(dir.path, sharedRun('run-sync-3'));
    const url = await team.url('ivy');
    const local = new TeamSync({ storeDir: () => dir.path, consent: () => 'local', connection: async () => url, log: silentLog, onState: () => {} });
    await local.schedule();
    assert.deepEqual(local.current, { kind: 'not-sharing', consent: 'local' });
    const off = new TeamSync({ storeDir: () => dir.path, consent: () => 'share', connection: async () => undefined, log: silentLog, onState: () => {} });
    await off.schedule();
    assert.deepEqual(off.current, { kind: 'off' });
    local.dispose();
    off.dispose();
    dir.remove();
  });
});
