// Where a command reads runs from: the workspace's run history, or files and folders the user
// picks. Commands also take the paths as an argument (keybindings, automation, tests).
import * as vscode from 'vscode';
import type { RunStoreAccess } from '../panels/run-store';

export interface RunSource {
  paths: string[];
  /** In words, for messages and the tree page. */
  label: string;
}

export const HISTORY_LABEL = "this workspace's run history";

/** Paths from a command argument: a Uri, a path, or a list of either. */
export function pathsFromArgument(argument: unknown): string[] | undefined {
  const items = Array.isArray(argument) ? argument : [argument];
  const paths = items.map((item) => (item instanceof vscode.Uri ? item.fsPath : typeof item === 'string' && item !== '' ? item : undefined));
  return paths.length > 0 && paths.every((item) => item !== undefined) ? (paths as string[]) : undefined;
}

/** The files of every run in the store (the index and .gitignore are not runs). */
export async function historyFiles(runs: RunStoreAccess): Promise<string[]> {
  const store = runs.open();
  if (!store) return [];
  return (await store.list()).map((run) => store.pathOf(run.runId));
}

/** Asks: the run history (when it has runs) or a folder of trajectories. */
export async function pickRunSource(runs: RunStoreAccess, title: string): Promise<RunSource | undefined> {
  const files = await historyFiles(runs);
  const folderItem = { label: '$(folder) A folder of trajectories…', detail: "Crux .jsonl files, or SWE-agent, mini-swe-agent and OpenHands runs" };
  const historyItem = { label: `$(history) This workspace's run history`, detail: `${files.length} run${files.length === 1 ? '' : 's'}` };
  const picked = files.length > 0
    ? await vscode.window.showQuickPick([historyItem, folderItem], { title, placeHolder: 'Which runs?' })
    : folderItem;
  if (!picked) return undefined;
  if (picked === historyItem) return { paths: files, label: HISTORY_LABEL };
  const folder = await vscode.window.showOpenDialog({
    title, canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Use These Runs',
  });
  const chosen = folder?.[0];
  return chosen ? { paths: [chosen.fsPath], label: chosen.fsPath } : undefined;
}
