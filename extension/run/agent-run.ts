// One editor run once the model server answered: the consent question on a workspace's first
// run, checkpoints, the recording, the loop watch, and for "retry from here" the files put back
// to the step and the parent's conversation taken up. The checkpoint taken when the run ends
// lets a later retry from any of its steps find the files as they were.
import type { RunFrom } from '../../src/agent/agent';
import type { RunFinishedEvent } from '../../src/agent/events';
import type { Approvals, Checkpoints, Log, Terminal } from '../../src/host/ports';
import type { ChatMessage } from '../../src/model/types';
import type { HostMessage } from '../../src/protocol';
import { isGitWorkTree } from '../../src/tools/git';
import { workspacePatch } from '../../src/tools/patch';
import { mentionedPaths } from '../../src/context/mentions';
import { wantsNestedAgents } from '../../src/context/project-rules';
import type { ConsentGate } from '../consent/consent-gate';
import type { WorkspaceCheckpoints } from '../ports/editor-checkpoints';
import type { CruxSettings } from '../settings';
import type { Connected } from './connection-check';
import { createAgent, editorBudget } from './create-agent';
import { prepareRecording } from './run-recording';
import type { RunEntry, RunRegistry } from './run-registry';
import { RunSession } from './run-session';
import { readChatSettings, type ChatSettings } from '../chats/chat-settings';
import { chatContextMessage, prepareEditorRunContext, type ChatStart } from '../chats/run-context';
import { UsageMeter } from '../chats/usage-meter';
import type { WorkspaceMcpTrust } from '../mcp/workspace-mcp-trust';
import type { McpServerPool } from '../../src/mcp/server-pool';
import type { RunExtrasSettings } from './run-settings';

/** What a run has beyond the agent; one set per window. */
export interface RunExtras {
  consent: ConsentGate;
  checkpoints: WorkspaceCheckpoints;
  registry: RunRegistry;
  /** The trajectory store's folder; undefined without workspace storage. */
  trajectoryDir(): string | undefined;
  settings(): RunExtrasSettings;
  cruxVersion?: string;
  /** Rule files and MCP servers (default: read from the settings). */
  chatSettings?: () => ChatSettings;
  /** Whether the workspace's .vscode/mcp.json may be started. */
  mcpTrust?: WorkspaceMcpTrust;
  /** The window's MCP servers, kept running between runs. */
  mcpPool?: McpServerPool;
}

/** "Retry from here": the run and step to branch from, its prompt then, and the files then. */
export interface BranchStart {
  parent: RunEntry;
  step: number;
  messages: ChatMessage[];
  checkpointId: string | null;
}

export interface AgentRunRequest {
  task: string;
  root: string;
  settings: CruxSettings;
  connected: Connected;
  apiKey: string | undefined;
  approvals: Approvals;
  terminal: Terminal;
  signal: AbortSignal;
  send(message: HostMessage): void;
  log: Log;
  extras: RunExtras;
  branch?: BranchStart;
  /** The chat's mode, and the run a follow-up continues. */
  chat?: ChatStart;
  /** The session while the run goes (for the loop banner's buttons), undefined after. */
  onSession(session: RunSession | undefined): void;
}

export class RunCancelledError extends Error {
  override name = 'AbortError';
}

export async function runAgentWithExtras(request: AgentRunRequest): Promise<RunFinishedEvent> {
  const { extras, log, root, branch } = request;
  const chat: ChatStart = request.chat ?? { mode: 'act' };
  const continuation = branch ? undefined : chat.continuation;
  const settings = extras.settings();
  const consent = await extras.consent.levelForRun(request.signal);
  if (consent === 'cancelled') throw new RunCancelledError('Stopped by the user.');
  const checkpoints = settings.checkpoints ? await openCheckpoints(extras, root, log) : undefined;
  const recording = await prepareRecording({
    consent, storeDir: extras.trajectoryDir(), root, task: request.task,
    ...(request.apiKey ? { apiKey: request.apiKey } : {}),
    excludeRepositories: settings.excludeRepositories,
    maxFileBytes: settings.maxRecordBytes,
    ...(branch ? { branch: { parent: { runId: branch.parent.runId, step: branch.step - 1 }, taskId: branch.parent.taskId } } : {}),
    ...(continuation ? { branch: { parent: { runId: continuation.runId, step: continuation.lastStep }, taskId: continuation.taskId } } : {}),
    ...(extras.cruxVersion ? { cruxVersion: extras.cruxVersion } : {}),
    log,
  });
  const chatSettings = (extras.chatSettings ?? readChatSettings)();
  // Files the message @-mentions are worked on from the start, like the open editors.
  const activeFiles = [...chatSettings.activeFiles, ...mentionedPaths(chat.attachments ?? [])];
  const context = await prepareEditorRunContext(root, { ...chatSettings, activeFiles }, { trust: extras.mcpTrust, pool: extras.mcpPool }, log);
  const agent = await createAgent({
    ...request.connected, settings: request.settings, root, approvals: request.approvals, terminal: request.terminal, log,
    ...(checkpoints ? { checkpoints } : {}),
    mode: chat.mode, projectRules: context.projectRules, nestedRules: wantsNestedAgents(chatSettings.ruleFiles), extraTools: context.mcp.set?.tools ?? [], allowMcpTools: chatSettings.allowMcpTools,
  }).catch(async (error: unknown) => {
    await context.mcp.set?.close();
    throw error;
  });
  const git = await isGitWorkTree(root).catch(() => false);
  const session = new RunSession({
    agent, task: request.task, recording, checkpoints: checkpoints !== undefined, registry: extras.registry, send: request.send, log,
    parent: branch ? { runId: branch.parent.runId, step: branch.step - 1 } : continuation ? { runId: continuation.runId, step: continuation.lastStep } : null,
    continues: continuation !== undefined,
    watch: {
      config: settings.loopWatch.config, policy: settings.loopWatch.policy, pauseOnWarning: settings.pauseOnWarning,
      // Without git there is no baseline to diff against, so no early empty-patch check.
      ...(git ? { workspaceUnchanged: async () => (await workspacePatch(root)).trim() === '' } : {}),
    },
    notices: settings.loopWatch.error ? [settings.loopWatch.error] : [],
    signal: request.signal,
  });
  session.attach();
  if (continuation) session.watch.prime(continuation.source);
  // The window the agent fits its prompts into (crux.contextTokens is 0 when the server's is used).
  const usage = new UsageMeter(editorBudget(request.connected.connection, request.settings).context.contextTokens);
  // After the session's listener: the run's entry exists when run-started arrives here.
  const shown = (runId: string, message: HostMessage) => {
    extras.registry.get(runId)?.remember(message);
    request.send(message);
  };
  const offContext = agent.onEvent((event) => {
    if (event.type === 'run-started') shown(event.runId, chatContextMessage(event.runId, chat, context));
    const measured = usage.observe(event);
    if (measured) shown(measured.runId, measured);
  });
  request.onSession(session);
  let endCheckpoint: string | null = null;
  try {
    if (branch?.checkpointId && checkpoints) {
      log.info(`retry: restoring the files to step ${branch.step} of run ${branch.parent.runId}`);
      await checkpoints.restore(branch.checkpointId);
    }
    const from: RunFrom | undefined = branch
      ? { messages: branch.messages, step: branch.step }
      : continuation && chat.followUp !== undefined
        ? { messages: continuation.messages, step: continuation.lastStep + 1, followUp: chat.followUp, previousMode: continuation.mode }
        : undefined;
    const result = await agent.run(continuation ? continuation.taskText : request.task, request.signal, from);
    endCheckpoint = checkpoints ? await checkpoints.save(`after run ${session.runId ?? ''}`).catch(() => null) : null;
    return result;
  } finally {
    offContext();
    await context.mcp.set?.close();
    session.end(endCheckpoint);
    request.onSession(undefined);
    const outcome = session.recordingOutcome();
    if (outcome) log.info(`recording: ${outcome}`);
  }
}

async function openCheckpoints(extras: RunExtras, root: string, log: Log): Promise<Checkpoints | undefined> {
  try {
    return await extras.checkpoints.open(root);
  } catch (error) {
    log.warn(`checkpoints are not available (${error instanceof Error ? error.message : String(error)}); restore, retry and rollback will not put files back`);
    return undefined;
  }
}
