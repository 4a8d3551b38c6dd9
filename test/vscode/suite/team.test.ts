// The team store in the editor, in a real VS Code against a real PostgreSQL (started by
// test/vscode/run.ts): the setting is set through the connect command, a run ends at `share`
// consent, and the run appears in the team store; deleting it here withdraws it there.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import * as vscode from 'vscode';
import type { RunFinishedEvent } from '../../../src/agent/events';
import { TrajectoryStore } from '../../../src/trajectory/store';
import { IN_HOST_TASK } from '../scenarios';
import { activateCrux, waitFor } from './helpers';

const contributorUrl = process.env.CRUX_TEST_TEAM_URL;
const adminUrl = process.env.CRUX_TEST_TEAM_ADMIN_URL;

async function storedLines(runId: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ line: string }>('SELECT line FROM crux.run_lines WHERE run_id = $1 ORDER BY line_no', [runId]);
    return rows.length > 0 ? rows.map((row) => row.line).join('') : undefined;
  } finally {
    await client.end();
  }
}

describe('Crux in VS Code: the team store', function () {
  this.timeout(120_000);
  const config = () => vscode.workspace.getConfiguration('crux');
  before(async function () {
    if (!contributorUrl || !adminUrl) throw new Error('run.ts starts PostgreSQL and sets CRUX_TEST_TEAM_URL; is postgresql installed (scripts/install-test-deps.sh)?');
    await activateCrux();
    await config().update('approvals.mode', 'auto-all', vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await config().update('approvals.mode', undefined, vscode.ConfigurationTarget.Global);
    await config().update('team.url', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('crux.setConsent', 'off');
  });

  it('pushes a shared run to PostgreSQL after it ends, byte for byte; deleting it here withdraws it there', async () => {
    const api = await activateCrux();
    const address = await vscode.commands.executeCommand<string>('crux.team.connect', contributorUrl);
    assert.ok(address && !address.includes(new URL(contributorUrl as string).password), 'the password is not in the setting');
    assert.equal(config().get('team.url'), address);
    assert.equal(await vscode.commands.executeCommand('crux.setConsent', 'share'), 'share');
    const dir = api.trajectoryDir as string;
    const before = new Set(await readdir(dir).catch(() => []));

    const result = await vscode.commands.executeCommand<RunFinishedEvent | undefined>('crux.runTask', IN_HOST_TASK);
    assert.equal(result?.reason, 'finished');
    const file = await waitFor('the run file', async () => (await readdir(dir)).find((name) => name.endsWith('.jsonl') && name !== 'index.jsonl' && !before.has(name)));
    const runId = file.replace(/\.jsonl$/, '');
    const stored = await waitFor('the run in PostgreSQL', () => storedLines(runId), 30_000);
    assert.equal(stored, await readFile(join(dir, file), 'utf8'));
    assert.deepEqual(await vscode.commands.executeCommand('crux.team.showQueue'), [], 'nothing left queued');

    // The history deletes through the store; the sync after it withdraws the run.
    await new TrajectoryStore(dir).delete(runId);
    await vscode.commands.executeCommand('crux.team.pushNow');
    await waitFor('the run withdrawn from PostgreSQL', async () => ((await storedLines(runId)) === undefined ? true : undefined), 30_000);
  });

  it('pushes nothing once consent is lowered to local', async () => {
    const api = await activateCrux();
    await vscode.commands.executeCommand('crux.team.connect', contributorUrl);
    assert.equal(await vscode.commands.executeCommand('crux.setConsent', 'local'), 'local');
    const dir = api.trajectoryDir as string;
    const before = new Set(await readdir(dir).catch(() => []));
    await vscode.commands.executeCommand('crux.runTask', IN_HOST_TASK);
    const file = await waitFor('the run file', async () => (await readdir(dir)).find((name) => name.endsWith('.jsonl') && name !== 'index.jsonl' && !before.has(name)));
    await vscode.commands.executeCommand('crux.team.pushNow');
    assert.equal(await storedLines(file.replace(/\.jsonl$/, '')), undefined);
  });
});
