// Wires one agent run the way the CLI does (src/cli/run-command.ts), with the editor's
// ports: VS Code workspace edits, approvals in the view, the shared terminal, checkpoints.
import { Agent } from '../../src/agent/agent';
import { defaultAgentConfig } from '../../src/agent/config';
import type { Connection } from '../../src/agent/connect';
import { planBudget, type RunBudget } from '../../src/agent/server-budget';
import type { Approvals, Checkpoints, Log, Terminal } from '../../src/host/ports';
import type { ModelClient } from '../../src/model/client';
import { toolFormatInstructions } from '../../src/model/text-tools';
import { workspacePatch } from '../../src/tools/patch';
import type { AgentMode } from '../../src/agent/mode';
import type { RuleFile } from '../../src/context/project-rules';
import { createDefaultRegistry, defaultTools, ToolRegistry } from '../../src/tools/registry';
import type { Tool } from '../../src/tools/types';
import { VsCodeWorkspace } from '../ports/vscode-workspace';
import type { CruxSettings } from '../settings';
import { redactUrlCredentials } from '../../src/model/url-credentials';

export interface AgentWiring {
  client: ModelClient;
  connection: Connection;
  settings: CruxSettings;
  root: string;
  approvals: Approvals;
  terminal: Terminal;
  log: Log;
  /** Taken before every edit and command; restore, retry and rollback use them. */
  checkpoints?: Checkpoints;
  mode?: AgentMode;
  projectRules?: RuleFile[];
  /** Give nested AGENTS.md files as the agent works in their folders. */
  nestedRules?: boolean;
  /** MCP servers' tools, beside the built-in ones. */
  extraTools?: Tool[];
  allowMcpTools?: string[];
}

/** The run's token budget: the settings (0: unset) against what the server said. The context
 * meter measures against the same window the agent fits its prompts into. */
export function editorBudget(connection: Connection, settings: CruxSettings): RunBudget {
  return planBudget(connection.facts, {
    ...(settings.contextTokens > 0 ? { contextTokens: settings.contextTokens } : {}),
    ...(settings.maxTokens > 0 ? { maxTokens: settings.maxTokens } : {}),
  });
}

export async function createAgent(wiring: AgentWiring): Promise<Agent> {
  const { client, connection, settings, log } = wiring;
  const registry = wiring.extraTools?.length ? new ToolRegistry([...defaultTools(), ...wiring.extraTools]) : createDefaultRegistry();
  const workspace = await VsCodeWorkspace.open(wiring.root);
  const budget = editorBudget(connection, settings);
  for (const warning of budget.warnings) log.warn(warning);
  return new Agent(
    {
      model: client, registry, workspace, terminal: wiring.terminal, log,
      approvals: wiring.approvals,
      approvalSettings: { ...settings.approvals, allowMcpTools: wiring.allowMcpTools ?? [] },
      ...(wiring.checkpoints ? { checkpoints: wiring.checkpoints } : {}),
      computePatch: workspacePatch,
    },
    defaultAgentConfig({
      model: connection.model,
      serverUrl: redactUrlCredentials(settings.modelUrl),
      serverKind: connection.server.kind,
      toolFormat: connection.toolFormat,
      toolFormatInstructions: toolFormatInstructions(connection.toolFormat, registry.specs()),
      maxSteps: settings.maxSteps,
      serverFacts: connection.facts,
      sampling: { maxTokens: budget.maxTokens },
      context: budget.context,
      ...(wiring.mode ? { mode: wiring.mode } : {}),
      ...(wiring.projectRules ? { projectRules: wiring.projectRules } : {}),
      ...(wiring.nestedRules ? { nestedRules: true } : {}),
    }),
  );
}
