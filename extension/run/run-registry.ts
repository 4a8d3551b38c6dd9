// What the editor remembers of the runs of this window, to restore files to a step and to
// retry from one: each run's checkpoints (which call each was taken before), the steps a
// rollback undid, the checkpoint taken when it ended, and the conversation of any step (the
// agent, kept). Fed from the agent's events; pure (no vscode), so it is unit-tested in Node.
import type { AgentEvent } from '../../src/agent/events';
import type { ChatMessage } from '../../src/model/types';
import type { HostMessage } from '../../src/protocol';
import { RunMemory } from '../chats/run-memory';

/** Runs kept; older ones are forgotten (their trajectories stay in the store). */
export const MAX_RUNS = 20;

export interface RunConversation {
  conversationAt(step: number): ChatMessage[];
}

interface Checkpoint {
  step: number;
  callId: string;
  id: string;
}

export class RunEntry {
  private readonly checkpoints: Checkpoint[] = [];
  /** Steps a rollback undid: [from, to] inclusive. */
  private readonly undone: [number, number][] = [];
  private lastCallId: string | null = null;
  private lastStep = 0;
  /** Set when the run ended: the workspace as the run left it. */
  endCheckpoint: string | null = null;
  running = true;
  /** The run as a trajectory in memory, for a follow-up (recorded or not). */
  readonly memory: RunMemory;
  /** What the view was told of the run beyond its events (how it is recorded, what it was
   * given, the latest token counts): shown again when the view is reloaded. */
  private readonly shown = new Map<HostMessage['type'], HostMessage>();

  constructor(
    readonly runId: string,
    readonly task: string,
    readonly taskId: string,
    private readonly agent: RunConversation,
    parent: { runId: string; step: number } | null = null,
  ) {
    this.memory = new RunMemory({ taskId, parent });
  }

  /** Keeps the latest run-info, chat-context and context-usage the view was sent. */
  remember(message: HostMessage): void {
    if (message.type === 'run-info' || message.type === 'chat-context' || message.type === 'context-usage') this.shown.set(message.type, message);
  }

  get shownMessages(): HostMessage[] {
    return [...this.shown.values()];
  }

  /** Takes one event; returns the call a new checkpoint belongs to, for the view. */
  observe(event: AgentEvent): { step: number; callId: string } | null {
    this.memory.observe(event);
    if (event.type === 'model-turn') this.lastStep = event.step;
    else if (event.type === 'tool-call') this.lastCallId = event.callId;
    else if (event.type === 'checkpoint' && this.lastCallId !== null) {
      // The agent saves a call's checkpoint right after announcing and approving that call.
      this.checkpoints.push({ step: event.step, callId: this.lastCallId, id: event.checkpointId });
      return { step: event.step, callId: this.lastCallId };
    } else if (event.type === 'recovery' && event.action === 'rollback' && event.toStep !== undefined) {
      this.undone.push([event.toStep + 1, Math.max(this.lastStep, event.step)]);
    }
    return null;
  }

  isUndone(step: number): boolean {
    return this.undone.some(([from, to]) => step >= from && step <= to);
  }

  /** The checkpoint taken right before this call ran; null when it has none or was undone. */
  checkpointOfCall(callId: string): { step: number; id: string } | null {
    const found = this.checkpoints.find((checkpoint) => checkpoint.callId === callId);
    return found && !this.isUndone(found.step) ? { step: found.step, id: found.id } : null;
  }

  /**
   * The files as they were when `step` began: the first checkpoint taken at or after it (no
   * file changed between the step's start and that checkpoint), else the one taken when the run
   * ended (no file changed after the step at all). Checkpoints of undone steps are skipped: a
   * rollback put the files back to before them, which is what the next checkpoint holds.
   */
  checkpointForStep(step: number): string | null {
    const kept = this.checkpoints.find((checkpoint) => checkpoint.step >= step && !this.isUndone(checkpoint.step));
    return kept?.id ?? this.endCheckpoint;
  }

  conversationAt(step: number): ChatMessage[] {
    return this.agent.conversationAt(step);
  }
}

export class RunRegistry {
  private readonly runs = new Map<string, RunEntry>();

  add(entry: RunEntry): RunEntry {
    this.runs.set(entry.runId, entry);
    while (this.runs.size > MAX_RUNS) {
      const oldest = this.runs.keys().next().value;
      if (oldest === undefined) break;
      this.runs.delete(oldest);
    }
    return entry;
  }

  get(runId: string): RunEntry | undefined {
    return this.runs.get(runId);
  }
}
