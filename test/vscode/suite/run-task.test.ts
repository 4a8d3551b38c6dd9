import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunFinishedEvent } from '../../../src/agent/events';
import { HANG_TASK, HELLO_CONTENT, IN_HOST_TASK } from '../scenarios';
import { activateCrux, waitFor, workspaceRoot } from './helpers';

describe('Crux in VS Code: running a task', () => {
  const config = () => vscode.workspace.getConfiguration('crux');
  before(async () => {
    await activateCrux();
    // Nobody answers approvals or the consent question in this suite (the browser suite does that).
    await config().update('approvals.mode', 'auto-all', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('crux.setConsent', 'off');
  });
  after(async () => {
    await config().update('approvals.mode', undefined, vscode.ConfigurationTarget.Global);
    await rm(join(workspaceRoot(), 'notes'), { recursive: true, force: true });
  });

  it('crux.runTask runs the agent against the model server and edits the workspace', async () => {
    const api = await activateCrux();
    const result = await vscode.commands.executeCommand<RunFinishedEvent | undefined>('crux.runTask', IN_HOST_TASK);
    assert.ok(result, 'the run started');
    assert.equal(result.reason, 'finished', result.message);
    assert.equal(result.summary, 'Created notes/hello.txt.');
    assert.equal(await readFile(join(workspaceRoot(), 'notes', 'hello.txt'), 'utf8'), HELLO_CONTENT);
    assert.match(result.patch, /notes\/hello\.txt/);
    assert.equal(api.state.running, false);
  });

  it('crux.stopRun stops a run that waits for the model', async () => {
    const api = await activateCrux();
    const run = api.runTask(HANG_TASK);
    await waitFor('the run to start', () => (api.state.running ? true : undefined));
    // Past the connection check, into the model turn that never ends.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await vscode.commands.executeCommand('crux.stopRun');
    const result = await run;
    assert.equal(result?.reason, 'aborted', JSON.stringify(result));
    assert.equal(api.state.running, false);
  });
});
