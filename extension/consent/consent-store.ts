// The recording consent of this workspace, kept in VS Code's workspaceState: the user's choice,
// for this workspace on this machine. Not a setting: a repository could ship settings that opt
// everyone who clones it in (the CLI keeps its consent outside the workspace for the same reason).
import * as vscode from 'vscode';
import { parseConsentLevel } from '../../src/trajectory/consent';
import type { ConsentLevel } from '../../src/trajectory/format';

const KEY = 'crux.recordingConsent';

interface Stored {
  level: string;
  updatedAt: string;
}

export class ConsentStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ConsentLevel | undefined>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly memento: vscode.Memento) {}

  /** The level chosen for this workspace; undefined until the user chose one. */
  get level(): ConsentLevel | undefined {
    const stored = this.memento.get<Stored>(KEY);
    return typeof stored?.level === 'string' ? parseConsentLevel(stored.level) : undefined;
  }

  async set(level: ConsentLevel): Promise<void> {
    await this.memento.update(KEY, { level, updatedAt: new Date().toISOString() } satisfies Stored);
    this.emitter.fire(level);
  }

  /** Forgets the choice, so the next run asks again (used by tests and by "ask me again"). */
  async clear(): Promise<void> {
    await this.memento.update(KEY, undefined);
    this.emitter.fire(undefined);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
