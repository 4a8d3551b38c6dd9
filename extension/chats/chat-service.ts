// The view's messages: a new run, or a follow-up that continues an ended run's conversation.
// The run is taken up from this window's memory of it (recorded or not), else from its
// trajectory in the store (a run of an earlier window). A chat is shown again from the same
// sources (chat-transcript.ts): after a reload, or when picked from Recent chats.
import { resolveMentions, type MentionSources } from '../../src/context/mentions';
import type { ChatMode, ChatSendMessage, ChatSummary, ChatTranscriptMessage } from '../../src/protocol';
import { ContinuationError, continuationOf } from '../../src/trajectory/continuation';
import { latestOfChats } from '../../src/trajectory/chats';
import type { Trajectory } from '../../src/trajectory/format';
import type { TrajectoryStore } from '../../src/trajectory/store';
import type { RunController } from '../run/run-controller';
import type { RunRegistry } from '../run/run-registry';
import { chatChain, chatTranscript, type ChatRun } from './chat-transcript';
import type { ChatStart } from './run-context';

export interface ChatServiceDeps {
  run: RunController;
  registry: RunRegistry;
  store(): TrajectoryStore | undefined;
  workspaceRoot(): string | undefined;
  /** Where @problems, @terminal and @git come from. */
  mentions(root: string): MentionSources;
}

export class ChatError extends Error {
  override name = 'ChatError';
}

/** The run is neither in this window's memory nor in the store (it was not recorded). */
class RunGoneError extends ChatError {}

/** What Resume tells the model: the run it continues was cut off, not ended by it. */
export const RESUME_TEXT = 'The editor window was reloaded or closed while you were working, so the run stopped before it ended. ' +
  'Carry on with the task from where you stopped.';

export class ChatService {
  constructor(private readonly deps: ChatServiceDeps) {}

  async send(message: ChatSendMessage): Promise<void> {
    const root = this.deps.workspaceRoot();
    const resolved = root ? await resolveMentions(message.text, root, this.deps.mentions(root)) : { text: message.text, attachments: [], problems: [] };
    const attached = { attachments: resolved.attachments, mentionProblems: resolved.problems };
    if (message.continueRunId === null) {
      await this.deps.run.start(resolved.text, undefined, { mode: message.mode, ...attached });
      return;
    }
    await this.continueRun(message.continueRunId, resolved.text, message.mode, attached);
  }

  /** Continues an interrupted run (the window was reloaded or closed mid-run) in its mode,
   * after `show` was given its chat to draw (the new run goes on under it). */
  async resumeShown(runId: string, show: (transcript: ChatTranscriptMessage) => void): Promise<void> {
    if (this.deps.run.running) throw new ChatError('A run is going; wait for it to end or stop it first.');
    const trajectory = await this.read(runId);
    show((await this.prepareTranscript(runId))());
    await this.continueRun(runId, RESUME_TEXT, trajectory.header.mode ?? 'act', {});
  }

  /** The latest run of each recorded conversation (runs no other run continues), newest first. */
  async list(limit = 10): Promise<ChatSummary[]> {
    const store = this.deps.store();
    if (!store) return [];
    return latestOfChats(await store.list()).slice(0, limit)
      .map((run) => ({
        runId: run.runId, title: run.title, end: run.end, steps: run.steps, createdAt: run.createdAt, running: this.deps.registry.get(run.runId)?.running === true,
      }));
  }

  /** Which chat a page that just loaded shows: a run going now, else one that started while no
   * page listened, else the chat the page showed before (its saved state). */
  restoreTarget(pageChat: string | null, unseenRun: string | null): string | null {
    const live = this.deps.run.session?.runId ?? null;
    return (this.deps.run.running ? live : null) ?? unseenRun ?? pageChat;
  }

  /** Reads the chat whose latest run is `runId`; the message is built by the returned function,
   * synchronously, so it holds a live run exactly as far as it got at that moment. */
  async prepareTranscript(runId: string): Promise<() => ChatTranscriptMessage> {
    let latest: Trajectory;
    try {
      latest = await this.read(runId);
    } catch (error) {
      const notice = error instanceof RunGoneError
        ? 'The chat shown before was not recorded (recording was off), so it could not be shown again after the window was reloaded. Your draft is kept; your next message starts a new chat.'
        : `The chat shown before could not be shown again: ${error instanceof Error ? error.message : String(error)}`;
      return () => ({ type: 'chat-transcript', chatRunId: null, title: '', messages: [], live: false, interrupted: false, notice, retryable: [] });
    }
    const { runs, missing } = await chatChain(latest, (id) => this.read(id));
    return () => {
      const entry = this.deps.registry.get(runId);
      const live = entry?.running === true;
      const chatRuns: ChatRun[] = runs.map((trajectory) => {
        const known = this.deps.registry.get(trajectory.header.runId);
        // A run of this window: its memory now (a live run has gone on since it was read).
        const current = known?.memory.trajectory() ?? trajectory;
        return {
          trajectory: current, recorded: known === undefined,
          ...(known ? { started: known.shownMessages } : {}),
          ...(known && live && known === entry ? { inProgress: known.memory.inProgress() } : {}),
        };
      });
      return chatTranscript(chatRuns, { live, missing });
    };
  }

  private async continueRun(runId: string, text: string, mode: ChatMode, attached: Pick<ChatStart, 'attachments' | 'mentionProblems'>): Promise<void> {
    if (this.deps.run.running) throw new ChatError('A run is going; wait for it to end or stop it first.');
    const trajectory = await this.read(runId);
    let continuation;
    try {
      continuation = await continuationOf(trajectory, (id) => this.read(id));
    } catch (error) {
      if (error instanceof ContinuationError) throw new ChatError(`Cannot continue that run: ${error.message}`);
      throw error;
    }
    await this.deps.run.start(text, undefined, { ...attached, mode, continuation, followUp: text });
  }

  private async read(runId: string): Promise<Trajectory> {
    const inMemory = this.deps.registry.get(runId)?.memory.trajectory();
    if (inMemory) return inMemory;
    const store = this.deps.store();
    if (!store) throw new RunGoneError('That run is no longer in memory and there is no trajectory store to read it from.');
    try {
      await store.find(runId);
    } catch (error) {
      throw new RunGoneError(`That run is no longer in memory and was not recorded (${error instanceof Error ? error.message : String(error)}); start a new chat.`);
    }
    try {
      return await store.read(runId);
    } catch (error) {
      throw new ChatError(`That run's trajectory cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
