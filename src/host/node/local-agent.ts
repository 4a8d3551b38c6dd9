// Builds an Agent for a folder on this machine with the Node ports. `crux run`, `crux
// rollout` and `crux replay` share it, so they agree on tools, prompts and limits.
import { Agent } from '../../agent/agent';
import type { ApprovalSettings } from '../../agent/approval-policy';
import { defaultAgentConfig, type Sampling } from '../../agent/config';
import type { Connection } from '../../agent/connect';
import { planBudget } from '../../agent/server-budget';
import type { ModelClient } from '../../model/client';
import { toolFormatInstructions } from '../../model/text-tools';
import { workspacePatch } from '../../tools/patch';
import type { RuleFile } from '../../context/project-rules';
import type { AgentMode } from '../../agent/mode';
import { createDefaultRegistry, defaultTools, ToolRegistry } from '../../tools/registry';
import type { Tool } from '../../tools/types';
import type { Approvals, Checkpoints, Log, Terminal } from '../ports';
import { createTerminal } from './terminal';
import { NodeWorkspace } from './workspace';

export interface LocalAgentSetup {
  root: string;
  client: ModelClient;
  connection: Connection;
  approvals: Approvals;
  approvalSettings: ApprovalSettings;
  maxSteps: number;
  sampling: Sampling;
  /** The user's context window setting; default: the window the server reports. */
  contextTokens?: number;
  testCommand?: string;
  log: Log;
  /** The model server's API key: no command's environment holds it. */
  apiKey?: string;
  terminal?: Terminal;
  checkpoints?: Checkpoints;
  /** Tools beside the built-in ones (MCP servers' tools). */
  extraTools?: Tool[];
  mode?: AgentMode;
  projectRules?: RuleFile[];
  /** Give nested AGENTS.md files as the agent works in their folders. */
  nestedRules?: boolean;
}

export interface LocalAgent {
  agent: Agent;
  workspace: NodeWorkspace;
  terminal: Terminal;
}

export async function createLocalAgent(setup: LocalAgentSetup): Promise<LocalAgent> {
  const workspace = await NodeWorkspace.open(setup.root);
  const terminal = setup.terminal ?? createTerminal(setup.log, { secrets: () => (setup.apiKey ? [setup.apiKey] : []) });
  const registry = setup.extraTools?.length ? new ToolRegistry([...defaultTools(), ...setup.extraTools]) : createDefaultRegistry();
  const budget = planBudget(setup.connection.facts, {
    ...(setup.contextTokens !== undefined ? { contextTokens: setup.contextTokens } : {}),
    ...(setup.sampling.maxTokens !== undefined ? { maxTokens: setup.sampling.maxTokens } : {}),
  });
  for (const warning of budget.warnings) setup.log.warn(warning);
  const agent = new Agent(
    {
      model: setup.client, registry, workspace, terminal, log: setup.log,
      approvals: setup.approvals,
      approvalSettings: setup.approvalSettings,
      ...(setup.checkpoints ? { checkpoints: setup.checkpoints } : {}),
      computePatch: workspacePatch,
    },
    defaultAgentConfig({
      model: setup.connection.model,
      serverUrl: setup.client.baseUrl,
      serverKind: setup.connection.server.kind,
      toolFormat: setup.connection.toolFormat,
      toolFormatInstructions: toolFormatInstructions(setup.connection.toolFormat, registry.specs()),
      maxSteps: setup.maxSteps,
      serverFacts: setup.connection.facts,
      sampling: { ...setup.sampling, maxTokens: budget.maxTokens },
      context: budget.context,
      ...(setup.testCommand ? { testCommand: setup.testCommand } : {}),
      ...(setup.mode ? { mode: setup.mode } : {}),
      ...(setup.projectRules ? { projectRules: setup.projectRules } : {}),
      ...(setup.nestedRules ? { nestedRules: true } : {}),
    }),
  );
  return { agent, workspace, terminal };
}
