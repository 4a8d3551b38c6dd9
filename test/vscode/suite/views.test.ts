// The views over stored runs in a real VS Code: import real recorded runs into the run
// history, list them, open one in the viewer, build its task's tree, export DPO pairs and SFT
// records, and "Fix This Problem" on a diagnostic. run.ts records the runs before VS Code
// starts and names their folder in CRUX_TEST_SEED_RUNS (a 2,000-step run in CRUX_TEST_LONG_RUN).
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunFinishedEvent } from '../../../src/agent/events';
import type { HistoryRun, TreeView } from '../../../src/protocol';
import { nothingToExport } from '../../../extension/commands/store-commands';
import type { ExportReport } from '../../../extension/store-io/export-training-data';
import type { ImportReport } from '../../../extension/store-io/import-runs';
import { SEED_TASK, SEED_TASK_ID } from '../seed-runs';
import { activateCrux, waitFor, workspaceRoot } from './helpers';

function seedDir(): string {
  const dir = process.env.CRUX_TEST_SEED_RUNS;
  if (!dir || !existsSync(dir)) throw new Error('CRUX_TEST_SEED_RUNS does not name the recorded runs (run.ts sets it)');
  return dir;
}

function customTab(viewType: string, file: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) =>
    tab.input instanceof vscode.TabInputCustom && tab.input.viewType === viewType && tab.input.uri.fsPath === file);
}

describe('Crux in VS Code: run history, viewer, tree, import and export', () => {
  const out = mkdtempSync(join(tmpdir(), 'crux-views-'));
  before(async () => {
    await activateCrux();
    await vscode.workspace.getConfiguration('crux').update('approvals.mode', 'auto-all', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('crux.setConsent', 'off');
  });
  after(async () => {
    await vscode.workspace.getConfiguration('crux').update('approvals.mode', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(out, { recursive: true, force: true });
  });

  it('imports recorded runs into the run history, which lists them newest first', async () => {
    const report = await vscode.commands.executeCommand<ImportReport>('crux.importRuns', seedDir(), { into: 'history' });
    assert.equal(report.written.length, 8, JSON.stringify(report.failed));
    assert.equal(report.target, (await activateCrux()).trajectoryDir);
    const rows = await vscode.commands.executeCommand<HistoryRun[]>('crux.openHistory');
    const seeded = rows.filter((row) => row.taskId === SEED_TASK_ID);
    assert.equal(seeded.length, 8);
    assert.ok(seeded.every((row) => row.title === SEED_TASK && row.agent === 'crux' && row.end === 'finished'));
    assert.deepEqual(seeded.map((row) => row.resolved).filter((resolved) => resolved === true).length, 4);
    const dates = rows.map((row) => row.createdAt);
    assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
    await waitFor('the history tab', () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.label === 'Crux: Run History'));
    const again = await vscode.commands.executeCommand<ImportReport>('crux.importRuns', seedDir(), { into: 'history' });
    assert.equal(again.alreadyThere, 8, 'importing again adds nothing');
  });

  it('imports into a folder, one file per run named by task, format and run', async () => {
    const target = join(out, 'imported');
    const report = await vscode.commands.executeCommand<ImportReport>('crux.importRuns', [vscode.Uri.file(seedDir())], { into: target });
    assert.equal(report.written.length, 8);
    assert.ok(readdirSync(target).every((name) => /^fix-add\.crux\.[0-9a-f]{8}\.jsonl$/.test(name)));
  });

  it('opens a run in the viewer, as a custom editor of the file', async () => {
    const long = process.env.CRUX_TEST_LONG_RUN;
    assert.ok(long && existsSync(long), 'CRUX_TEST_LONG_RUN names a 2,000-step run');
    await vscode.commands.executeCommand('crux.openTrajectory', vscode.Uri.file(long), { step: 1500 });
    await waitFor('the viewer tab', () => customTab('crux.trajectoryViewer', long));
    // Opening it again reveals the same tab.
    await vscode.commands.executeCommand('crux.openTrajectory', long);
    assert.equal(vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputCustom && tab.input.uri.fsPath === long).length, 1);
  });

  it('builds the tree of the task with its key action from the run history', async () => {
    const dir = (await activateCrux()).trajectoryDir;
    assert.ok(dir);
    const tree = await vscode.commands.executeCommand<TreeView>('crux.openTree', dir, SEED_TASK_ID);
    assert.equal(tree.runs, 8);
    assert.equal(tree.kept, 8);
    assert.equal(tree.keyActions, 1);
    const key = tree.nodes.find((node) => node.key);
    assert.match(key?.label ?? '', /^read_file math\.js/);
    assert.equal(key?.visits, 8);
    const better = tree.nodes.find((node) => node.better);
    const worse = tree.nodes.find((node) => node.worse);
    assert.match(better?.label ?? '', /^edit_file math\.js/);
    assert.equal(better?.value, 1);
    assert.match(worse?.label ?? '', /^run_command node test\.js/);
    assert.equal(worse?.value, 0);
    // Titled with the task (shortened), not its id or a hash.
    const treeTitle = `Tree: ${SEED_TASK.length > 40 ? `${SEED_TASK.slice(0, 39).trimEnd()}…` : SEED_TASK}`;
    await waitFor('the tree tab', () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.label === treeTitle));
  });

  it('exports DPO pairs and SFT records from the run history', async () => {
    const dir = (await activateCrux()).trajectoryDir as string;
    const pairsFile = join(out, 'pairs.jsonl');
    const pairs = await vscode.commands.executeCommand<ExportReport>('crux.exportPairs', pairsFile, dir);
    assert.equal(pairs.written, 1);
    assert.equal(pairs.keyActions, 1);
    const pair = JSON.parse(readFileSync(pairsFile, 'utf8').trim()) as { prompt: unknown[]; chosen: { tool_calls: { function: { name: string } }[] }[]; rejected: { tool_calls: { function: { name: string } }[] }[] };
    assert.equal(pair.chosen[0]?.tool_calls[0]?.function.name, 'edit_file');
    assert.equal(pair.rejected[0]?.tool_calls[0]?.function.name, 'run_command');
    assert.ok(pair.prompt.length >= 4, 'system, task, and the read_file step');
    const sftFile = join(out, 'sft.jsonl');
    const sft = await vscode.commands.executeCommand<ExportReport>('crux.exportSft', vscode.Uri.file(sftFile), [vscode.Uri.file(dir)]);
    assert.ok(sft.written >= 4, 'the resolved runs');
    assert.equal(readFileSync(sftFile, 'utf8').trim().split('\n').length, sft.written);
  });

  it('exports nothing from unlabelled runs, leaves no empty file, and says why', async () => {
    const dir = mkdtempSync(join(out, 'unlabelled-'));
    const source = join((await activateCrux()).trajectoryDir as string);
    // One run of the history with its label taken away: an outcome-update with resolved null.
    const file = readdirSync(source).find((name) => name.endsWith('.jsonl'));
    assert.ok(file);
    const copy = join(dir, file);
    copyFileSync(join(source, file), copy);
    appendFileSync(copy, `${JSON.stringify({ kind: 'outcome-update', t: 0, resolved: null, verdict: null, origin: 'test' })}\n`);
    const target = join(out, 'empty-sft.jsonl');
    const report = await vscode.commands.executeCommand<ExportReport>('crux.exportSft', target, dir);
    assert.equal(report.written, 0);
    assert.equal(report.unlabelled, 1);
    assert.equal(existsSync(target), false, 'no empty file is left behind');
    assert.match(nothingToExport(report), /none of the 1 run has a success label.*Accept or Reject/);
    assert.match(nothingToExport({ ...report, kind: 'pairs', unlabelled: 0, kept: 3 }), /no significant pairs/);
  });

  it('"Fix This Problem" runs the agent on the diagnostic under the cursor, offered in the lightbulb', async () => {
    // A plain text file: no language server wakes up to offer its own fixes.
    const uri = vscode.Uri.file(join(workspaceRoot(), 'problem.txt'));
    writeFileSync(uri.fsPath, 'function add(a, b) {\n  return a - b;\n}\n\nend\n');
    const diagnostics = vscode.languages.createDiagnosticCollection('crux-test');
    try {
      const range = new vscode.Range(1, 9, 1, 14);
      const diagnostic = new vscode.Diagnostic(range, 'add() subtracts its arguments', vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'crux-test';
      diagnostics.set(uri, [diagnostic]);
      const editor = await vscode.window.showTextDocument(uri);
      editor.selection = new vscode.Selection(1, 11, 1, 11);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range);
      assert.ok(actions.some((action) => action.title === 'Fix with Crux: add() subtracts its arguments'), actions.map((action) => action.title).join(', '));
      const result = await vscode.commands.executeCommand<RunFinishedEvent | undefined>('crux.fixProblem');
      assert.equal(result?.reason, 'finished', JSON.stringify(result));
      editor.selection = new vscode.Selection(3, 0, 3, 0);
      assert.equal(await vscode.commands.executeCommand('crux.fixProblem'), undefined, 'no problem under the cursor: nothing runs');
    } finally {
      diagnostics.dispose();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      rmSync(uri.fsPath, { force: true });
    }
  });
});
