// Import runs from other agents into the run history (or a folder), and export DPO pairs or
// SFT records from stored runs. Both take their paths as arguments too, and resolve with a
// report (the tests read it); without arguments they ask, and say what they did.
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Log } from '../../src/host/ports';
import type { RunStoreAccess } from '../panels/run-store';
import { exportTrainingData, type ExportReport, type TrainingDataKind } from '../store-io/export-training-data';
import { importRuns, type ImportReport, type ImportTarget } from '../store-io/import-runs';
import { pathsFromArgument, pickRunSource } from './run-source';

export interface StoreCommandDeps {
  runs: RunStoreAccess;
  log: Log;
  openHistory(): Promise<unknown>;
}

/** Arguments: the sources (a Uri, a path, or a list), and `{ into: 'history' | folder }`; what is
 * absent is asked. From the explorer's menu the second argument is the selection: every
 * selected file or folder is imported. */
export function importRunsCommand(deps: StoreCommandDeps): (sources?: unknown, options?: unknown) => Promise<ImportReport | undefined> {
  return async (sources?: unknown, options?: unknown) => {
    const selection = Array.isArray(options) ? pathsFromArgument(options) : undefined;
    const paths = selection ?? pathsFromArgument(sources) ?? (await askSources());
    if (!paths) return undefined;
    const into = !Array.isArray(options) && typeof options === 'object' && options !== null ? (options as { into?: unknown }).into : undefined;
    const intoFolder = into === 'history' ? undefined : pathsFromArgument(into)?.[0];
    const target: ImportTarget | undefined = into === 'history'
      ? storeTarget(deps.runs)
      : intoFolder !== undefined ? { kind: 'folder', dir: intoFolder } : await askTarget(deps.runs);
    if (!target) return undefined;
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Crux: importing runs…' },
      () => importRuns(paths, target),
    );
    deps.log.info(`import: ${report.written.length} run(s) into ${report.target}, ${report.alreadyThere} already there, ${report.failed.length} file(s) failed`);
    for (const failure of report.failed) deps.log.warn(`import: ${failure.file}: ${failure.error}`);
    void tellImported(report, target, deps);
    return report;
  };
}

async function askSources(): Promise<string[] | undefined> {
  // Desktop dialogs on Windows and Linux cannot offer files and folders at once: ask which.
  const files = { label: '$(file) Run files…', detail: 'SWE-agent .traj, mini-swe-agent .traj.json, OpenHands .json, Crux .jsonl' };
  const folder = { label: '$(folder) A folder of runs…', detail: 'Every run file under it, in any of those formats' };
  const kind = await vscode.window.showQuickPick([files, folder], { title: 'Crux: Import Runs', placeHolder: 'Import what?' });
  if (!kind) return undefined;
  const picked = await vscode.window.showOpenDialog({
    title: 'Crux: Import Runs', canSelectFiles: kind === files, canSelectFolders: kind === folder, canSelectMany: kind === files, openLabel: 'Import',
  });
  return picked && picked.length > 0 ? picked.map((uri) => uri.fsPath) : undefined;
}

function storeTarget(runs: RunStoreAccess): ImportTarget {
  return { kind: 'store', store: runs.require() };
}

async function askTarget(runs: RunStoreAccess): Promise<ImportTarget | undefined> {
  const store = runs.open();
  const history = { label: "$(history) Into this workspace's run history", detail: 'Listed in Crux: Run History, used by the tree and the exports' };
  const folder = { label: '$(folder) Into a folder…', detail: 'As crux import writes them: one .jsonl per run' };
  const picked = store ? await vscode.window.showQuickPick([history, folder], { title: 'Crux: Import Runs', placeHolder: 'Where to?' }) : folder;
  if (!picked) return undefined;
  if (picked === history && store) return { kind: 'store', store };
  const chosen = await vscode.window.showOpenDialog({ title: 'Crux: Import Runs Into', canSelectFiles: false, canSelectFolders: true, openLabel: 'Import Here' });
  return chosen?.[0] ? { kind: 'folder', dir: chosen[0].fsPath } : undefined;
}

async function tellImported(report: ImportReport, target: ImportTarget, deps: StoreCommandDeps): Promise<void> {
  const parts = [`Crux imported ${count(report.written.length, 'run')} from ${count(report.sourceFiles, 'file')}`];
  if (report.alreadyThere > 0) parts.push(`${report.alreadyThere} already there`);
  if (report.failed.length > 0) parts.push(`${count(report.failed.length, 'file')} could not be read (see the log)`);
  const action = target.kind === 'store' ? 'Open History' : 'Reveal Folder';
  const show = report.failed.length > 0 && report.written.length === 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const answer = await show(`${parts.join('; ')}.`, action);
  if (answer === 'Open History') await deps.openHistory();
  if (answer === 'Reveal Folder') await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(report.target));
}

/** Arguments: the output file, and the runs (absent: asked, the history first). */
export function exportCommand(kind: TrainingDataKind, deps: StoreCommandDeps): (out?: unknown, sources?: unknown) => Promise<ExportReport | undefined> {
  const what = kind === 'pairs' ? 'DPO Pairs' : 'SFT Data';
  return async (outArgument?: unknown, sources?: unknown) => {
    const given = pathsFromArgument(sources);
    const source = given ? { paths: given, label: given.join(', ') } : await pickRunSource(deps.runs, `Crux: Export ${what}`);
    if (!source) return undefined;
    const out = pathsFromArgument(outArgument)?.[0] ?? (await askOutput(kind, what));
    if (!out) return undefined;
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Crux: exporting ${what.toLowerCase()} from ${source.label}…` },
      () => exportTrainingData(kind, source.paths, out),
    );
    deps.log.info(`export ${kind}: ${report.written} line(s) from ${report.runs} run(s) of ${report.tasks} task(s) to ${out}`);
    for (const problem of report.problems) deps.log.warn(`export ${kind}: ${problem}`);
    // An empty file helps nobody and looks like a result: none is left behind.
    if (report.written === 0) await rm(out, { force: true }).catch(() => undefined);
    void tellExported(report);
    return report;
  };
}

async function askOutput(kind: TrainingDataKind, what: string): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = kind === 'pairs' ? 'crux-dpo-pairs.jsonl' : 'crux-sft.jsonl';
  const picked = await vscode.window.showSaveDialog({
    title: `Crux: Export ${what}`, saveLabel: 'Export', filters: { 'JSON Lines': ['jsonl'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
  });
  return picked?.fsPath;
}

async function tellExported(report: ExportReport): Promise<void> {
  if (report.written === 0) {
    const answer = await vscode.window.showWarningMessage(nothingToExport(report), 'Open Run History');
    if (answer === 'Open Run History') await vscode.commands.executeCommand('crux.openHistory');
    return;
  }
  const lines = report.kind === 'pairs' ? count(report.written, 'DPO pair') : count(report.written, 'SFT record');
  const from = `from ${count(report.runs, 'run')} of ${count(report.tasks, 'task')} (${report.kept} kept by the filters${report.kind === 'pairs' ? `, ${count(report.keyActions, 'key action')}` : ''})`;
  const answer = await vscode.window.showInformationMessage(`Crux wrote ${lines} to ${path.basename(report.out)} ${from}.`, 'Open File');
  if (answer === 'Open File') await vscode.window.showTextDocument(vscode.Uri.file(report.out), { preview: true });
}

/** Why an export has nothing to write, and what to do about it (no file was written). */
export function nothingToExport(report: Pick<ExportReport, 'kind' | 'runs' | 'unlabelled' | 'kept' | 'keyActions'>): string {
  const label = 'Give runs a label: Accept or Reject a finished run in the Crux view (a verdict is a success label unless tests gave one), or import runs that carry one.';
  if (report.runs > 0 && report.unlabelled >= report.runs) {
    return `Nothing to export: none of the ${count(report.runs, 'run')} has a success label. ${label}`;
  }
  if (report.kind === 'sft') {
    return `Nothing to export: no kept run is labelled a success (${report.kept} of ${count(report.runs, 'run')} kept by the filters, ${report.unlabelled} without a label). Accept the runs that did the task well, then export again.`;
  }
  return `Nothing to export: no significant pairs (${count(report.keyActions, 'key action')} among ${report.kept} kept runs). A pair needs two different actions at the same step of a task, each taken by at least 4 labelled runs, with success rates that differ significantly. Run the same task more times (Retry from a step branches a run) and label the runs, then export again.`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
