import assert from 'node:assert/strict';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunFinishedEvent } from '../../../src/agent/events';
import { IN_HOST_TASK } from '../scenarios';
import { activateCrux, workspaceRoot } from './helpers';

async function runFiles(dir: string | undefined): Promise<string[]> {
  if (!dir) return [];
  return (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.jsonl') && name !== 'index.jsonl');
}

describe('Crux in VS Code: recording follows the consent', () => {
  const config = () => vscode.workspace.getConfiguration('crux');
  before(async () => {
    await activateCrux();
    await config().update('approvals.mode', 'auto-all', vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await config().update('approvals.mode', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('crux.setConsent', 'off');
    await rm(join(workspaceRoot(), 'notes'), { recursive: true, force: true });
  });

  it('records nothing when consent is off', async () => {
    const api = await activateCrux();
    assert.equal(await vscode.commands.executeCommand('crux.setConsent', 'off'), 'off');
    const before = await runFiles(api.trajectoryDir);
    const result = await vscode.commands.executeCommand<RunFinishedEvent | undefined>('crux.runTask', IN_HOST_TASK);
    assert.equal(result?.reason, 'finished');
    assert.deepEqual(await runFiles(api.trajectoryDir), before);
  });

  it('records a run, outside the workspace, when consent is local', async () => {
    const api = await activateCrux();
    assert.equal(await vscode.commands.executeCommand('crux.setConsent', 'local'), 'local');
    const before = await runFiles(api.trajectoryDir);
    const result = await vscode.commands.executeCommand<RunFinishedEvent | undefined>('crux.runTask', IN_HOST_TASK);
    assert.equal(result?.reason, 'finished');
    const added = (await runFiles(api.trajectoryDir)).filter((name) => !before.includes(name));
    assert.equal(added.length, 1, `one new trajectory in ${api.trajectoryDir}`);
    assert.ok(api.trajectoryDir && !api.trajectoryDir.startsWith(workspaceRoot()), 'kept in VS Code storage, not the workspace');
    const header = JSON.parse((await readFile(join(api.trajectoryDir, added[0] ?? ''), 'utf8')).split('\n')[0] ?? '{}') as { consent?: string; parent?: unknown; task?: { text?: string } };
    assert.equal(header.consent, 'local');
    assert.equal(header.parent, null);
    assert.equal(header.task?.text, IN_HOST_TASK);
  });
});
