// The Checkpoints port in the editor: a shadow git repository per workspace (see
// src/host/node/shadow-checkpoints.ts: the user's own .git is never touched), kept in VS Code's
// storage for this workspace, with open editors brought up to date after each restore.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import type { Checkpoints, Log } from '../../src/host/ports';
import { ShadowGitCheckpoints } from '../../src/host/node/shadow-checkpoints';
import { syncOpenDocuments } from './document-sync';

export class EditorCheckpoints implements Checkpoints {
  private constructor(private readonly root: string, private readonly inner: ShadowGitCheckpoints, private readonly log: Log) {}

  /** The checkpoints of a workspace folder: `<storage>/checkpoints/<hash of the folder>`. */
  static async open(root: string, storage: vscode.Uri, log: Log): Promise<EditorCheckpoints> {
    const key = createHash('sha256').update(root).digest('hex').slice(0, 16);
    const inner = await ShadowGitCheckpoints.open(root, join(storage.fsPath, 'checkpoints', key));
    return new EditorCheckpoints(root, inner, log);
  }

  save(label: string): Promise<string> {
    return this.inner.save(label);
  }

  async restore(id: string): Promise<void> {
    await this.inner.restore(id);
    await syncOpenDocuments(this.root, this.log);
  }
}

/** One checkpoint store per workspace folder, opened on first use and kept for the session. */
export class WorkspaceCheckpoints {
  private readonly opened = new Map<string, Promise<EditorCheckpoints>>();

  constructor(private readonly storage: vscode.Uri, private readonly log: Log) {}

  open(root: string): Promise<EditorCheckpoints> {
    let checkpoints = this.opened.get(root);
    if (!checkpoints) {
      checkpoints = EditorCheckpoints.open(root, this.storage, this.log);
      // A failure (no git) is not kept: the next run tries again.
      checkpoints.catch(() => this.opened.delete(root));
      this.opened.set(root, checkpoints);
    }
    return checkpoints;
  }
}
