// The views over stored runs and their commands, built once at activation and registered
// through the extension's store: run history, trajectory viewer, trajectory tree, import,
// export, and "Fix This Problem".
import * as vscode from 'vscode';
import type { Log } from '../../src/host/ports';
import type { DisposableStore } from '../disposable-store';
import { HistoryPanel, type HistoryDeps } from '../panels/history/history-panel';
import type { RunStoreAccess } from '../panels/run-store';
import { TreePanels } from '../panels/tree/tree-panels';
import { openTreeSource } from '../panels/tree/tree-source';
import { TrajectoryViewers } from '../panels/viewer/trajectory-viewers';
import { fixProblemCommand, registerFixProblemActions } from './fix-problem';
import { openHistoryCommand, openTrajectoryCommand, openTreeCommand } from './open-commands';
import { HISTORY_LABEL } from './run-source';
import { exportCommand, importRunsCommand } from './store-commands';

export const VIEW_COMMANDS = [
  'crux.openHistory', 'crux.openTrajectory', 'crux.openTree', 'crux.importRuns', 'crux.exportPairs', 'crux.exportSft', 'crux.fixProblem',
] as const;

export interface ViewServices {
  runs: RunStoreAccess;
  history: HistoryPanel;
  viewers: TrajectoryViewers;
  trees: TreePanels;
}

export interface ViewDeps {
  extensionUri: vscode.Uri;
  /** The workspace's run store, the one runs are recorded into. */
  runs: RunStoreAccess;
  log: Log;
  /** Whether a run is going in this window, and Resume of an interrupted run (the agent view). */
  chats: NonNullable<HistoryDeps['chats']>;
}

export function registerViews(store: DisposableStore, deps: ViewDeps): ViewServices {
  const { extensionUri, runs, log } = deps;
  const viewers = new TrajectoryViewers(store, extensionUri, log);
  const trees = store.add(new TreePanels({ extensionUri, log, openRun: (file, options) => viewers.open(file, { ...options, asRun: true }) }));
  const history = store.add(new HistoryPanel({
    extensionUri, runs, log, chats: deps.chats,
    openRun: (file) => viewers.open(file, { asRun: true }),
    openTaskTree: async (taskId, files) => {
      await trees.show(await openTreeSource(files, HISTORY_LABEL), taskId);
    },
  }));
  const services: ViewServices = { runs, history, viewers, trees };
  const openDeps = { history, viewers, trees, runs };
  const storeDeps = { runs, log, openHistory: () => history.show() };
  const handlers: Record<(typeof VIEW_COMMANDS)[number], (...args: never[]) => unknown> = {
    'crux.openHistory': openHistoryCommand(openDeps),
    'crux.openTrajectory': openTrajectoryCommand(openDeps),
    'crux.openTree': openTreeCommand(openDeps),
    'crux.importRuns': importRunsCommand(storeDeps),
    'crux.exportPairs': exportCommand('pairs', storeDeps),
    'crux.exportSft': exportCommand('sft', storeDeps),
    'crux.fixProblem': fixProblemCommand(),
  };
  for (const id of VIEW_COMMANDS) store.add(vscode.commands.registerCommand(id, handlers[id] as (...args: unknown[]) => unknown));
  registerFixProblemActions(store);
  return services;
}
