// The workspace's trajectory store as the panels and commands reach it: the folder the editor
// records runs into, `<storageUri>/trajectories` (VS Code's private storage of this workspace,
// outside the work tree, so runs never show up in git). Without a folder open there is no
// workspace storage and so no store.
import * as vscode from 'vscode';
import type { Log } from '../../src/host/ports';
import { TrajectoryStore } from '../../src/trajectory/store';

export const STORE_FOLDER = 'trajectories';

export class RunStoreAccess {
  constructor(private readonly storageUri: vscode.Uri | undefined, private readonly log: Log) {}

  /** The store's folder, or undefined without a workspace. */
  get uri(): vscode.Uri | undefined {
    return this.storageUri ? vscode.Uri.joinPath(this.storageUri, STORE_FOLDER) : undefined;
  }

  /** The store, or undefined without a workspace (the caller says why to the user). */
  open(): TrajectoryStore | undefined {
    const uri = this.uri;
    return uri ? new TrajectoryStore(uri.fsPath, this.log) : undefined;
  }

  /** The store, or an error that says what to do. */
  require(): TrajectoryStore {
    const store = this.open();
    if (!store) throw new Error('Open a folder first: Crux keeps the run history per workspace.');
    return store;
  }
}
