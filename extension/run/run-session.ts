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
  watch: { config: WatchConfig; policy: string; workspaceUnchanged?: () => Promise<boolean> };
  /** Whether the agent has checkpoints (restore and retry need them). */
  checkpoints: boolean;
  parent: RunBranch | null;
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

  constructor(private readonly options: RunSessionOptions) {
    this.watch = new LoopWatch(options.agent, {
      config: options.watch.config, log: options.log,
      ...(options.watch.workspaceUnchanged ? { workspaceUnchanged: options.watch.workspaceUnchanged } : {}),
    });
  }

  attach(): void {
    const { agent, recording } = this.options;
    if (recording.recorder) this.detachers.push(recording.recorder.attach(agent));
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

  /** Where the trajectory was written, or why it is incomplete; null when not recorded. */
  recordingOutcome(): string | null {
    const recorder = this.options.recording.recorder;
    if (!recorder) return null;
    const status = recorder.status;
    if (status.kind === 'failed') return `The trajectory is incomplete: ${status.reason}`;
    return recorder.path ? `Trajectory written to ${recorder.path}` : null;
  }

  private onEvent(event: AgentEvent): void {
    const { send } = this.options;
    const message = toHostMessage(event);
    if (message) send(message);
    if (event.type === 'run-started') {
      this.entry = this.options.registry.add(new RunEntry(event.runId, this.options.task, this.options.recording.taskId, this.options.agent, this.options.parent));
      this.entry.memory.observe(event);
      send(this.runInfo(event.runId));
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
      parent: this.options.parent,
    };
  }
}
