// The commands that open the views over stored runs: the run history, a trajectory file in the
// viewer, and the trajectory tree of a task.
import * as vscode from 'vscode';
import type { HistoryRun, TreeView } from '../../src/protocol';
import type { HistoryPanel } from '../panels/history/history-panel';
import type { RunStoreAccess } from '../panels/run-store';
import type { TreePanels } from '../panels/tree/tree-panels';
import { openTreeSource, tasksOf } from '../panels/tree/tree-source';
import type { TrajectoryViewers } from '../panels/viewer/trajectory-viewers';
import type { RevealOptions } from '../panels/viewer/viewer-session';
import { pathsFromArgument, pickRunSource, type RunSource } from './run-source';

export interface OpenCommandDeps {
  history: HistoryPanel;
  viewers: TrajectoryViewers;
  trees: TreePanels;
  runs: RunStoreAccess;
}

/** Resolves with the rows listed. */
export function openHistoryCommand(deps: OpenCommandDeps): () => Promise<HistoryRun[]> {
  return async () => {
    await deps.history.show();
    return deps.history.rows;
  };
}

/** Argument: the file (Uri or path), and where in it to go. */
export function openTrajectoryCommand(deps: OpenCommandDeps): (file?: unknown, options?: unknown) => Promise<void> {
  return async (file?: unknown, options?: unknown) => {
    let uri = file instanceof vscode.Uri ? file : typeof file === 'string' && file !== '' ? vscode.Uri.file(file) : undefined;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        title: 'Crux: Open Trajectory', canSelectFiles: true, canSelectFolders: false, canSelectMany: false, openLabel: 'Open Trajectory',
        filters: { 'Trajectories': ['jsonl', 'traj', 'json'], 'All files': ['*'] },
      });
      uri = picked?.[0];
    }
    if (uri) await deps.viewers.open(uri, revealOptions(options));
  };
}

/** Arguments: the runs (a folder, files, a list), and the task; asked for when absent.
 * Resolves with the tree shown. */
export function openTreeCommand(deps: OpenCommandDeps): (target?: unknown, taskId?: unknown) => Promise<TreeView | undefined> {
  return async (target?: unknown, taskId?: unknown) => {
    const paths = pathsFromArgument(target);
    const source: RunSource | undefined = paths ? { paths, label: paths.length === 1 ? (paths[0] as string) : `${paths.length} files` } : await pickRunSource(deps.runs, 'Crux: Show Trajectory Tree');
    if (!source) return undefined;
    const opened = await openTreeSource(source.paths, source.label);
    const tasks = tasksOf(opened);
    if (tasks.length === 0) {
      void vscode.window.showWarningMessage(`Crux: no runs found in ${source.label}.`);
      return undefined;
    }
    let chosen = typeof taskId === 'string' ? taskId : tasks.length === 1 ? tasks[0]?.taskId : undefined;
    if (chosen === undefined) {
      const item = await vscode.window.showQuickPick(
        tasks.map((task) => ({ label: task.taskId, description: `${task.runs} run${task.runs === 1 ? '' : 's'}` })),
        { title: 'Crux: Show Trajectory Tree', placeHolder: 'The tree of which task?', matchOnDescription: true },
      );
      chosen = item?.label;
    }
    if (chosen === undefined) return undefined;
    return (await deps.trees.show(opened, chosen)).tree;
  };
}

function revealOptions(value: unknown): RevealOptions {
  if (typeof value !== 'object' || value === null) return {};
  const { runIndex, step } = value as { runIndex?: unknown; step?: unknown };
  return {
    ...(Number.isSafeInteger(runIndex) ? { runIndex: runIndex as number } : {}),
    ...(Number.isSafeInteger(step) ? { step: step as number } : {}),
  };
}
