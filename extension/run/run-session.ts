// One editor run's companions, attached to its agent before it starts: the trajectory
// recorder (first, so a run's file exists when the view hears of it), the loop watch, and the
// stream to the view, where the run's events become protocol messages and its checkpoints are
// tied to the tool calls they were taken before. Pure (no vscode), so it is tested in Node
// against a real agent.
import type { Agent } from '../../src/agent/agent';
import type { AgentEvent } from '../../src/agent/events';
import type { Log } from '../../src/host/ports';
import type { HostMessage, LoopRecovery, RunBranch } from '../../src/protocol';
import type { WatchConfig } from '../../src/watch/config';
import { LoopWatch } from '../../src/watch/loop-watch';
import { RunEntry, type RunRegistry } from './run-registry';
import type { RunRecording } from './run-recording';
import { toHostMessage } from './to-host-message';

export interface RunSessionOptions {
  agent: Agent;
  task: string;
  recording: RunRecording;
  watch: {
    config: WatchConfig; policy: string; workspaceUnchanged?: () => Promise<boolean>;
    /** Under `warn`: wait before the next model turn until the user answers a warning's banner. */
    pauseOnWarning?: boolean;
  };
  /** The run's signal: a pause ends when the run is stopped. */
  signal?: AbortSignal;
  /** Whether the agent has checkpoints (restore and retry need them). */
  checkpoints: boolean;
  parent: RunBranch | null;
  /** The parent is the run a follow-up continues, not a step retried (the view says so on the
   * run's context line, not as a retry). */
  continues?: boolean;
  registry: RunRegistry;
  /** Problems with this run's settings, shown in the run once it started. */
  notices?: string[];
  send(message: HostMessage): void;
  log: Log;
}

export class RunSession {
  readonly watch: LoopWatch;
  private entry: RunEntry | null = null;
  private readonly detachers: (() => void)[] = [];
  /** Findings the run waits on (policy `warn`), until the user picks a way out. */
  private readonly awaiting = new Set<string>();
  private release: (() => void) | undefined;

  constructor(private readonly options: RunSessionOptions) {
    this.watch = new LoopWatch(options.agent, {
      config: options.watch.config, log: options.log,
      ...(options.watch.workspaceUnchanged ? { workspaceUnchanged: options.watch.workspaceUnchanged } : {}),
    });
  }

  attach(): void {
    const { agent, recording } = this.options;
    if (recording.recorder) this.detachers.push(recording.recorder.attach(agent));
    // Before the watch's own hooks: the watch applies the user's choice at the same safe point.
    if (this.pauses) this.detachers.push(agent.addHooks({ beforeModelTurn: () => this.waitForChoice() }));
    this.detachers.push(this.watch.attach());
    this.detachers.push(agent.onEvent((event) => this.onEvent(event)));
  }

  /** The run's id once it started. */
  get runId(): string | null {
    return this.entry?.runId ?? null;
  }

  /** The user's choice for a finding of this run; false when the run has ended. */
  requestRecovery(findingId: string, action: LoopRecovery): boolean {
    if (!this.entry?.running) return false;
    this.watch.requestRecovery(findingId, action);
    this.answered(findingId);
    return true;
  }

  /** The run ended: records the checkpoint of how it left the files, closes the recording. */
  end(endCheckpoint: string | null): void {
    for (const detach of this.detachers.splice(0)) detach();
    if (this.entry) {
      this.entry.endCheckpoint = endCheckpoint;
      this.entry.running = false;
    }
    this.options.recording.recorder?.close();
  }

  /** The window is closing (or reloading) mid-run: the recording ends here, without an outcome,
   * before the run is stopped. The run was interrupted, not ended by the agent or the user: it
   * shows as interrupted, with Resume, and its training labels stay unknown. */
  interrupt(): void {
    for (const detach of this.detachers.splice(0)) detach();
    this.options.recording.recorder?.close();
  }

  /** Where the trajectory was written, or why it is incomplete; null when not recorded. */
  recordingOutcome(): string | null {
    const recorder = this.options.recording.recorder;
    if (!recorder) return null;
    const status = recorder.status;
    if (status.kind === 'failed') return `The trajectory is incomplete: ${status.reason}`;
    return recorder.path ? `Trajectory written to ${recorder.path}` : null;
  }

  private get pauses(): boolean {
    return this.options.watch.policy === 'warn' && this.options.watch.pauseOnWarning === true;
  }

  /** The safe point before a model turn: under `warn`, the run waits for the user's choice. */
  private async waitForChoice(): Promise<void> {
    const signal = this.options.signal;
    if (this.awaiting.size === 0 || signal?.aborted) return;
    for (const findingId of this.awaiting) this.options.send({ type: 'loop-paused', findingId });
    this.options.log.info(`loop watch: the run waits for a choice on ${[...this.awaiting].join(', ')}`);
    await new Promise<void>((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        this.release = undefined;
        resolve();
      };
      this.release = done;
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** One choice on any banner the run waits on ends the pause (a later warning pauses again). */
  private answered(findingId: string): void {
    if (!this.awaiting.has(findingId)) return;
    this.awaiting.clear();
    this.release?.();
  }

  private onEvent(event: AgentEvent): void {
    const { send } = this.options;
    const message = toHostMessage(event, this.entry?.runId);
    if (message) send(message);
    if (this.pauses && event.type === 'loop-warning' && event.finding.severity !== 'notice') this.awaiting.add(event.finding.id);
    if (event.type === 'recovery') this.answered(event.findingId);
    if (event.type === 'run-started') {
      this.entry = this.options.registry.add(new RunEntry(event.runId, this.options.task, this.options.recording.taskId, this.options.agent, this.options.parent));
      this.entry.memory.observe(event);
      const info = this.runInfo(event.runId);
      this.entry.remember(info);
      send(info);
      for (const notice of this.options.notices ?? []) send({ type: 'error', message: notice, fatal: false });
      return;
    }
    const checkpoint = this.entry?.observe(event);
    if (checkpoint) send({ type: 'checkpoint', step: checkpoint.step, callId: checkpoint.callId });
  }

  private runInfo(runId: string): HostMessage {
    const { recording } = this.options;
    const recorderStatus = recording.recorder?.status;
    const failed = recorderStatus?.kind === 'failed';
    return {
      type: 'run-info', runId,
      recording: failed ? 'skipped' : recording.state,
      recordingDetail: failed ? `Not recorded: ${recorderStatus.reason}` : recording.recorder?.path ? `Recorded in ${recording.recorder.path}` : recording.detail,
      checkpoints: this.options.checkpoints,
      loopPolicy: this.options.watch.policy,
      parent: this.options.continues ? null : this.options.parent,
    };
  }
}
