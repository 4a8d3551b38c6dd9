// Builds a real Agent over a temp git repository and a real ModelClient talking to the
// protocol-level model server. Only the approvals and checkpoints ports are in-memory.
import { Agent } from '../../src/agent/agent';
import type { ApprovalSettings } from '../../src/agent/approval-policy';
import { defaultAgentConfig, type AgentConfig } from '../../src/agent/config';
import type { AgentEvent } from '../../src/agent/events';
import type { ApprovalDecision, ApprovalRequest, Approvals, Checkpoints } from '../../src/host/ports';
import { NodeWorkspace } from '../../src/host/node/workspace';
import { ProcessTerminal } from '../../src/host/node/terminal';
import { ModelClient } from '../../src/model/client';
import { toolFormatInstructions } from '../../src/model/text-tools';
import { workspacePatch } from '../../src/tools/patch';
import { createDefaultRegistry, defaultTools, ToolRegistry } from '../../src/tools/registry';
import type { Tool } from '../../src/tools/types';
import type { ModelServer } from './model-server';

export class ScriptedApprovals implements Approvals {
  readonly asked: ApprovalRequest[] = [];
  constructor(private readonly answers: ApprovalDecision[]) {}
  async request(request: ApprovalRequest): Promise<ApprovalDecision> {
    this.asked.push(request);
    return this.answers.shift() ?? { kind: 'deny', reason: 'no scripted answer left' };
  }
}

export class RecordingCheckpoints implements Checkpoints {
  readonly saved: string[] = [];
  async save(label: string): Promise<string> {
    this.saved.push(label);
    return `cp${this.saved.length}`;
  }
  async restore(): Promise<void> {}
}

export interface HarnessOptions {
  approvals?: Approvals;
  approvalSettings?: Partial<ApprovalSettings>;
  checkpoints?: Checkpoints;
  config?: Partial<AgentConfig>;
  /** Tools beside the built-in ones (MCP tools). */
  extraTools?: Tool[];
}

export async function createAgent(server: ModelServer, root: string, options: HarnessOptions = {}) {
  const client = new ModelClient({ baseUrl: server.url, retryBaseMs: 1 });
  const registry = options.extraTools ? new ToolRegistry([...defaultTools(), ...options.extraTools]) : createDefaultRegistry();
  const toolFormat = options.config?.toolFormat ?? 'native';
  const agent = new Agent(
    {
      model: client, registry,
      workspace: await NodeWorkspace.open(root),
      terminal: new ProcessTerminal(),
      approvals: options.approvals ?? new ScriptedApprovals([]),
      approvalSettings: { mode: 'auto-all', allowCommands: [], denyCommands: [], ...options.approvalSettings },
      ...(options.checkpoints ? { checkpoints: options.checkpoints } : {}),
      computePatch: workspacePatch,
    },
    defaultAgentConfig({
      model: 'test-model', serverUrl: server.url,
      toolFormatInstructions: toolFormatInstructions(toolFormat, registry.specs()),
      ...options.config,
    }),
  );
  const events: AgentEvent[] = [];
  agent.onEvent((event) => events.push(event));
  return { agent, events };
}
