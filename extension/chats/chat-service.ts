// The view's messages: a new run, or a follow-up that continues an ended run's conversation.
// The run is taken up from this window's memory of it (recorded or not), else from its
// trajectory in the store (a run of an earlier window).
import { resolveMentions, type MentionSources } from '../../src/context/mentions';
import type { ChatSendMessage, ChatSummary } from '../../src/protocol';
import { ContinuationError, continuationOf } from '../../src/trajectory/continuation';
import type { Trajectory } from '../../src/trajectory/format';
import type { TrajectoryStore } from '../../src/trajectory/store';
import type { RunController } from '../run/run-controller';
import type { RunRegistry } from '../run/run-registry';

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
    if (this.deps.run.running) throw new ChatError('A run is going; wait for it to end or stop it first.');
    const trajectory = await this.read(message.continueRunId);
    let continuation;
    try {
      continuation = await continuationOf(trajectory, (runId) => this.read(runId));
    } catch (error) {
      if (error instanceof ContinuationError) throw new ChatError(`Cannot continue that run: ${error.message}`);
      throw error;
    }
    await this.deps.run.start(resolved.text, undefined, { mode: message.mode, continuation, followUp: resolved.text, ...attached });
  }

  /** The latest run of each recorded conversation (runs no other run continues), newest first. */
  async list(limit = 10): Promise<ChatSummary[]> {
    const store = this.deps.store();
    if (!store) return [];
    const runs = (await store.list()).filter((run) => run.agent === 'crux');
    const continued = new Set(runs.flatMap((run) => (run.parent ? [run.parent.runId] : [])));
    return runs.filter((run) => !continued.has(run.runId)).slice(0, limit)
      .map((run) => ({ runId: run.runId, title: run.title, end: run.end, steps: run.steps, createdAt: run.createdAt }));
  }

  private async read(runId: string): Promise<Trajectory> {
    const inMemory = this.deps.registry.get(runId)?.memory.trajectory();
    if (inMemory) return inMemory;
    const store = this.deps.store();
    if (!store) throw new ChatError('That run is no longer in memory and there is no trajectory store to read it from.');
    try {
      return await store.read(runId);
    } catch (error) {
      throw new ChatError(`That run is no longer in memory and was not recorded (${error instanceof Error ? error.message : String(error)}); start a new chat.`);
    }
  }
}
