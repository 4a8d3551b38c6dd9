// What `crux run` gives the agent beyond the task: the run it continues (--continue), the
// project's rules, MCP tools (--mcp-config) and the mode. Each says in one line what it found,
// and each problem is a clear error before the model is called (or, for an MCP server that
// fails to start, a warning: the run goes on without its tools).
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AgentMode } from '../agent/mode';
import type { Log } from '../host/ports';
import { McpConfigError, parseMcpConfig } from '../mcp/config';
import { startMcpServers, type McpToolSet } from '../mcp/mcp-tools';
import { mentionedPaths, resolveMentions } from '../context/mentions';
import { loadProjectRules, wantsNestedAgents, type LoadRulesOptions, type RuleFile } from '../context/project-rules';
import { workspacePatch } from '../tools/patch';
import { ContinuationError, continuationOf, type ContinuationStart } from '../trajectory/continuation';
import { latestOfChats } from '../trajectory/chats';
import type { Trajectory } from '../trajectory/format';
import { readTrajectoryFile, TrajectoryReadError } from '../trajectory/jsonl';
import { readRepositoryInfo } from '../trajectory/repository';
import { TrajectoryStore, TrajectoryStoreError } from '../trajectory/store';
import { UsageError } from './exit-codes';
import { cliTrajectoryDir } from './recording';

export interface RunContextOptions {
  continue?: string;
  mcpConfig?: string;
  /** False with --no-rules. */
  rules: boolean;
  ruleFiles?: string[];
  /** Files and folders (ending in '/') the task mentions: the nested AGENTS.md above them
   * apply from the start. */
  activeFiles?: string[];
}

export interface RunContext {
  continuation: ContinuationStart | null;
  projectRules: RuleFile[];
  /** Whether nested AGENTS.md are given as the agent works in their folders. */
  nestedRules: boolean;
  mcp: McpToolSet | null;
}

export async function prepareRunContext(options: RunContextOptions, root: string, write: (line: string) => void, log: Log): Promise<RunContext> {
  const continuation = options.continue !== undefined ? await loadContinuation(options.continue, root) : null;
  if (continuation) {
    const ended = continuation.ended ?? 'interrupted (no outcome)';
    write(`crux: continuing run ${continuation.runId} after step ${continuation.lastStep} (${ended})`);
  }
  const projectRules = options.rules ? await loadRules(root, { ...(options.ruleFiles ? { files: options.ruleFiles } : {}), activeFiles: options.activeFiles ?? [] }, write) : [];
  const mcp = options.mcpConfig !== undefined ? await startMcp(options.mcpConfig, root, write, log) : null;
  return { continuation, projectRules, nestedRules: options.rules && wantsNestedAgents(options.ruleFiles), mcp };
}

/** The task with what its @file, @folder/ and @git mentions attach (the editor also has
 * @problems and @terminal), and the files and folders (ending in '/') it mentions, which count
 * as worked on from the start (as the editor's open files do); says what was attached. */
export async function attachMentions(task: string, root: string, write: (line: string) => void): Promise<{ text: string; activeFiles: string[] }> {
  const resolved = await resolveMentions(task, root, { gitDiff: () => workspacePatch(root) });
  for (const item of resolved.attachments) {
    write(`crux: attached @${item.label} (${item.kind}, ${item.chars} characters${item.truncated ? ', cut' : ''})`);
  }
  for (const problem of resolved.problems) write(`crux: warning: not attached: ${problem}`);
  return { text: resolved.text, activeFiles: mentionedPaths(resolved.attachments) };
}

/** The mode of a continuation defaults to the continued run's. */
export function runMode(requested: AgentMode | undefined, continuation: ContinuationStart | null): AgentMode {
  return requested ?? continuation?.mode ?? 'act';
}

async function loadRules(root: string, options: LoadRulesOptions, write: (line: string) => void): Promise<RuleFile[]> {
  const { rules, skipped } = await loadProjectRules(root, options);
  if (rules.length > 0) write(`crux: project rules: ${rules.map((rule) => `${rule.path}${rule.truncated ? ' (cut)' : ''}`).join(', ')}`);
  for (const line of skipped) write(`crux: warning: project rules: skipped ${line}`);
  return rules;
}

async function startMcp(file: string, root: string, write: (line: string) => void, log: Log): Promise<McpToolSet> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the MCP configuration ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let servers;
  try {
    servers = parseMcpConfig(text, { workspaceFolder: root, source: file });
  } catch (error) {
    if (error instanceof McpConfigError) throw new UsageError(error.message);
    throw error;
  }
  const set = await startMcpServers(servers, { log });
  for (const server of set.servers) write(`crux: MCP server ${server.name}: ${server.tools.length} tools (${server.tools.join(', ')})`);
  for (const error of set.errors) write(`crux: warning: ${error}; the run goes on without its tools`);
  return set;
}

/** RUN is a trajectory file, a run id (or a unique prefix) in the workspace's store, or `last`:
 * the latest run of the most recent conversation there. */
async function loadContinuation(target: string, root: string): Promise<ContinuationStart> {
  const store = new TrajectoryStore(cliTrajectoryDir(root));
  let trajectory: Trajectory;
  const asFile = resolve(target);
  try {
    if ((await stat(asFile).catch(() => undefined))?.isFile()) trajectory = await readTrajectoryFile(asFile);
    else if (target === LAST) trajectory = await store.read(await latestChat(store));
    else trajectory = await store.read((await store.find(target)).runId);
  } catch (error) {
    if (error instanceof TrajectoryStoreError || error instanceof TrajectoryReadError) {
      throw new UsageError(`cannot continue ${target}: ${error.message}`);
    }
    throw error;
  }
  await checkSameRepository(trajectory, root);
  try {
    return await continuationOf(trajectory, async (runId) => store.read(runId));
  } catch (error) {
    if (error instanceof ContinuationError || error instanceof TrajectoryStoreError) throw new UsageError(`cannot continue ${target}: ${error.message}`);
    throw error;
  }
}

/** `--continue last`: like `claude -c` or `codex resume --last`. */
const LAST = 'last';

async function latestChat(store: TrajectoryStore): Promise<string> {
  const [latest] = latestOfChats(await store.list());
  if (!latest) throw new TrajectoryStoreError(`no recorded run of this workspace to continue in ${store.dir}`);
  return latest.runId;
}

/** A run from another repository cannot be continued here: its conversation is about other files. */
async function checkSameRepository(trajectory: Trajectory, root: string): Promise<void> {
  const recorded = trajectory.header.repository.remote;
  if (recorded === null) return;
  const here = await readRepositoryInfo(root).catch(() => null);
  if (here?.remote !== recorded) {
    throw new UsageError(`cannot continue run ${trajectory.header.runId} here: it ran in ${recorded}, and ${root} is ${here?.remote ?? 'not a clone of it'}`);
  }
}
