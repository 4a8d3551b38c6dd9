// What the user can do to a run from the view besides starting and stopping it: choose a way
// out of a loop, restore the files to before a tool call, retry from a step as a new run, and
// give a finished run a verdict. Restores and retries change files: the view asks the user to
// confirm before it sends them (VS Code refuses modal dialogs under test, and the question
// belongs next to the step anyway), and the files as they are now are saved as a checkpoint
// before anything is restored, so a restore can itself be undone.
import type { Log } from '../../src/host/ports';
import type { HostMessage, LoopRecovery, Verdict } from '../../src/protocol';
import type { TrajectoryStore } from '../../src/trajectory/store';
import type { WorkspaceCheckpoints } from '../ports/editor-checkpoints';
import type { RunController } from './run-controller';
import type { RunRegistry } from './run-registry';

export interface RunActionsDeps {
  run: RunController;
  registry: RunRegistry;
  checkpoints: WorkspaceCheckpoints;
  /** The trajectory store; undefined without workspace storage. */
  store(): TrajectoryStore | undefined;
  workspaceRoot(): string | undefined;
  send(message: HostMessage): void;
  log: Log;
}

export class RunActionError extends Error {
  override name = 'RunActionError';
}

export class RunActions {
  constructor(private readonly deps: RunActionsDeps) {}

  /** Applied by the loop watch between model turns. */
  recover(runId: string, findingId: string, action: LoopRecovery): void {
    const session = this.deps.run.session;
    if (!session || session.runId !== runId || !session.requestRecovery(findingId, action)) {
      throw new RunActionError('That run has ended; there is nothing to recover from.');
    }
    this.deps.log.info(`loop watch: the user chose ${action} for ${findingId}`);
  }

  /** Restores the files to the checkpoint taken before this tool call. */
  async restore(runId: string, callId: string): Promise<void> {
    const entry = this.idleRun(runId);
    const checkpoint = entry.checkpointOfCall(callId);
    if (!checkpoint) throw new RunActionError('This tool call has no checkpoint to restore (it was undone by a rollback, or checkpoints were off).');
    await this.restoreTo(checkpoint.id, `step ${checkpoint.step} of run ${runId}`);
    this.deps.send({ type: 'files-restored', runId, step: checkpoint.step });
  }

  /** Starts a new run that takes `step` again from the same prompt, the files put back to that
   * step (when the run had checkpoints). Resolves once the new run started. */
  async retry(runId: string, step: number): Promise<void> {
    const entry = this.idleRun(runId);
    let messages;
    try {
      messages = entry.conversationAt(step);
    } catch (error) {
      throw new RunActionError(`Cannot retry from step ${step}: ${error instanceof Error ? error.message : String(error)}.`);
    }
    const checkpointId = entry.checkpointForStep(step);
    if (checkpointId) await this.saveCurrent(`before retrying from step ${step} of run ${runId}`);
    void this.deps.run.start(entry.task, { parent: entry, step, messages, checkpointId });
  }

  /** Adds the user's verdict to the run's trajectory. The verdict is also the run's success
   * label (`resolved`: Accept = success, Reject = failure), unless tests already gave it one:
   * tests decide over a verdict (see docs/extension.md, "Labels"). */
  async verdict(runId: string, verdict: Verdict): Promise<void> {
    const store = this.deps.store();
    if (!store) throw new RunActionError('There is no trajectory store in this window.');
    const summary = await store.find(runId);
    const label = summary.testPassed === null ? { resolved: verdict === 'accept' } : {};
    await store.updateOutcome(runId, { kind: 'outcome-update', t: Date.now(), verdict, ...label, origin: 'user' });
    this.deps.log.info(`recording: the user ${verdict === 'accept' ? 'accepted' : 'rejected'} run ${runId}`);
    this.deps.send({ type: 'verdict-saved', runId, verdict });
  }

  private idleRun(runId: string) {
    if (this.deps.run.running) throw new RunActionError('A run is going; stop it first.');
    const entry = this.deps.registry.get(runId);
    if (!entry) throw new RunActionError('Crux no longer has this run in memory (it is from an earlier window, or too many runs came after it).');
    return entry;
  }

  private async restoreTo(checkpointId: string, what: string): Promise<void> {
    await this.saveCurrent(`before restoring to ${what}`);
    const checkpoints = await this.open();
    await checkpoints.restore(checkpointId);
    this.deps.log.info(`checkpoints: restored the files to ${what}`);
  }

  private async saveCurrent(label: string): Promise<void> {
    const id = await (await this.open()).save(label);
    this.deps.log.info(`checkpoints: saved the files as they were ${label}: checkpoint ${id}`);
  }

  private open() {
    const root = this.deps.workspaceRoot();
    if (!root) throw new RunActionError('Open a folder first.');
    return this.deps.checkpoints.open(root);
  }
}
