// What this machine has pushed, kept beside the runs (<store>/.team-pushed.json): the team
// store each run went to and the hash of what was sent. It lets a push skip runs already up to
// date without asking the server, and it is how deleting a run here knows to withdraw it from
// the team store too. It holds no credentials: the address is kept with its password masked.
import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface PushedRun {
  /** The team store's address, password masked. */
  target: string;
  sha256: string;
  pushedAt: string;
}

export const LEDGER_FILE = '.team-pushed.json';

export class PushLedger {
  private dirty = false;
  private saving: Promise<void> = Promise.resolve();

  private constructor(private readonly path: string, private readonly runs: Map<string, PushedRun>) {}

  static async open(storeDir: string): Promise<PushLedger> {
    const path = join(storeDir, LEDGER_FILE);
    const runs = new Map<string, PushedRun>();
    try {
      const raw = JSON.parse(await readFile(path, 'utf8')) as { runs?: Record<string, PushedRun> };
      for (const [runId, entry] of Object.entries(raw.runs ?? {})) {
        if (typeof entry?.target === 'string' && typeof entry.sha256 === 'string') runs.set(runId, entry);
      }
    } catch (error) {
      // Missing: nothing pushed yet. Damaged: start again; a push then asks the server, which
      // is idempotent, so nothing is duplicated.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error;
    }
    return new PushLedger(path, runs);
  }

  get(runId: string): PushedRun | undefined {
    return this.runs.get(runId);
  }

  entries(): [string, PushedRun][] {
    return [...this.runs];
  }

  /** Notes a push; written by flush() (a push flushes every few runs and at its end: a
   * lost note only makes the next push ask the server again, which changes nothing there). */
  set(runId: string, entry: PushedRun): void {
    this.runs.set(runId, entry);
    this.dirty = true;
  }

  async flush(): Promise<void> {
    if (this.dirty) await this.save();
  }

  async remove(runId: string): Promise<void> {
    if (this.runs.delete(runId)) await this.save();
  }

  /** One write at a time: concurrent pushes share the ledger. */
  private save(): Promise<void> {
    this.saving = this.saving.catch(() => undefined).then(() => this.write());
    return this.saving;
  }

  private async write(): Promise<void> {
    this.dirty = false;
    await mkdir(join(this.path, '..'), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify({ version: 1, runs: Object.fromEntries(this.runs) }, null, 1)}\n`, { mode: 0o600 });
    await rename(temporary, this.path);
  }
}
