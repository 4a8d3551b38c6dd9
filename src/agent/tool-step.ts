// Runs one tool call the model made: validate, ask for approval, checkpoint, execute,
// and turn whatever happens into an observation. Nothing here throws for a bad call:
// the model sees the problem and the run goes on.
import type { Approvals, Checkpoints, Clock, Log, RiskClass } from '../host/ports';
import type { ChatMessage, ModelToolCall } from '../model/types';
import type { ToolRegistry } from '../tools/registry';
import type { Tool, ToolContext, ToolResult } from '../tools/types';
import { givenRuleFiles, nestedRulesBlock, NestedRulesLookup, type NestedRule } from '../context/nested-rules';
import type { ApprovalPolicy } from './approval-policy';
import { fitContext, type ContextBudget } from './context-window';
import type { AgentEvent } from './events';
import { deniedObservation, invalidCallObservation } from './prompts';

/** A valid call about to run, as a watcher sees it. */
export interface GateCall {
  step: number;
  callId: string;
  name: string;
  args: Record<string, unknown>;
  risk: RiskClass;
}

/** Asked before a valid call runs (after it is announced, before approval): a verdict with
 * `block` stops it, and that text is the observation the model gets instead. */
export type ToolCallGate = (call: GateCall) => { block: string } | null | undefined | Promise<{ block: string } | null | undefined>;

export interface ToolStepDeps {
  registry: ToolRegistry;
  policy: ApprovalPolicy;
  approvals: Approvals;
  checkpoints?: Checkpoints;
  toolContext: Omit<ToolContext, 'signal' | 'onOutput'>;
  clock: Clock;
  emit: (event: AgentEvent) => void;
  gate?: ToolCallGate;
  /** The nested AGENTS.md files a call that ran brings in (not yet given in this run). */
  nestedRules?: (toolName: string, args: Record<string, unknown>) => Promise<NestedRule[]>;
}

export interface ToolStepOutcome {
  /** The observation the model sees. */
  observation: string;
  invalid: boolean;
  finish?: { summary: string };
}

export async function runToolCall(
  call: ModelToolCall,
  step: number,
  deps: ToolStepDeps,
  signal: AbortSignal,
): Promise<ToolStepOutcome> {
  const validation = validateCall(call, deps.registry);
  if (!validation.ok) {
    deps.emit({
      type: 'tool-call', step, callId: call.id, name: call.name, argumentsText: call.argumentsText,
      ...(call.arguments ? { arguments: call.arguments } : {}),
      valid: false, invalidReason: validation.error, risk: 'read', title: `${call.name || '(no tool name)'} (invalid)`,
    });
    const observation = invalidCallObservation(validation.error);
    emitResult(deps, step, call, { output: observation, isError: true }, 0);
    return { observation, invalid: true };
  }

  const { tool, args } = validation;
  const risk = tool.risk(args);
  const title = tool.describe(args);
  deps.emit({
    type: 'tool-call', step, callId: call.id, name: call.name, argumentsText: call.argumentsText,
    arguments: args, valid: true, risk, title,
  });

  const verdict = await deps.gate?.({ step, callId: call.id, name: call.name, args, risk });
  if (verdict) {
    emitResult(deps, step, call, { output: verdict.block, isError: true }, 0);
    return { observation: verdict.block, invalid: false };
  }

  const approval = await approve(tool, args, risk, title, step, call.id, deps, signal);
  if (!approval.approved) {
    const observation = deniedObservation(title, approval.reason);
    emitResult(deps, step, call, { output: observation, isError: true }, 0);
    return { observation, invalid: false };
  }

  if (deps.checkpoints && (risk === 'edit' || risk === 'execute' || risk === 'destructive')) {
    const label = `before step ${step}: ${title}`;
    const checkpointId = await deps.checkpoints.save(label);
    deps.emit({ type: 'checkpoint', step, checkpointId, label });
  }

  const started = deps.clock.now();
  const result = await executeSafely(tool, args, {
    ...deps.toolContext,
    signal,
    onOutput: (chunk) => deps.emit({ type: 'tool-output', step, callId: call.id, chunk }),
  });
  const rules = !tool.mcp && !result.isError ? await deps.nestedRules?.(tool.name, args).catch(() => []) ?? [] : [];
  const observation = result.output + nestedRulesBlock(rules);
  emitResult(deps, step, call, { ...result, output: observation }, deps.clock.now() - started);
  if (result.edit) deps.emit({ type: 'edit', step, callId: call.id, edit: result.edit });
  for (const rule of rules) {
    deps.emit({
      type: 'rules-added', step, callId: call.id, path: rule.path, folder: rule.folder, chars: rule.chars, truncated: rule.truncated, sha256: rule.sha256,
    });
  }
  return { observation, invalid: false, ...(result.finish ? { finish: result.finish } : {}) };
}

/** The nested-rules source of one run: what a call brings in that the model has not been given.
 * That is read off what it will be sent next (the conversation fitted to its window), so rules
 * whose exchange context fitting dropped are given again. */
export function nestedRulesSource(
  root: string, log: Log, conversation: () => readonly ChatMessage[], budget: ContextBudget,
): NonNullable<ToolStepDeps['nestedRules']> {
  const lookup = new NestedRulesLookup(root, (line) => log.warn(line));
  return (toolName, args) => lookup.forCall(toolName, args, givenRuleFiles(fitContext(conversation(), budget).messages));
}

type Validation = { ok: true; tool: Tool; args: Record<string, unknown> } | { ok: false; error: string };

function validateCall(call: ModelToolCall, registry: ToolRegistry): Validation {
  if (call.parseError !== undefined) {
    return { ok: false, error: `Tool "${call.name || '(no name)'}": ${call.parseError}.` };
  }
  return registry.validate(call.name, call.arguments ?? {});
}

async function approve(
  tool: Tool,
  args: Record<string, unknown>,
  risk: RiskClass,
  title: string,
  step: number,
  callId: string,
  deps: ToolStepDeps,
  signal: AbortSignal,
): Promise<{ approved: boolean; reason?: string }> {
  const command = tool.name === 'run_command' && typeof args.command === 'string' ? args.command : undefined;
  const decision = deps.policy.decide({ risk, ...(command !== undefined ? { command } : {}), ...(tool.mcp ? { mcp: tool.mcp } : {}) });
  if (decision.kind !== 'ask') {
    const approved = decision.kind === 'allow';
    const reason = decision.kind === 'deny' ? decision.reason : undefined;
    deps.emit({ type: 'approval', step, callId, decidedBy: 'policy', approved, ...(reason ? { reason } : {}) });
    return { approved, ...(reason ? { reason } : {}) };
  }
  const detail = await approvalDetail(tool, args, deps);
  const risky = decision.risky ?? [];
  const answer = await deps.approvals.request({
    callId, tool: tool.name, risk, title, detail,
    ...(risky.length > 0 ? { riskyClasses: risky.map((item) => item.riskClass) } : {}),
  }, signal);
  if (answer.kind === 'approve-always') deps.policy.approveAlways(risk, risky, tool.mcp);
  const approved = answer.kind !== 'deny';
  const reason = answer.kind === 'deny' ? answer.reason : undefined;
  deps.emit({ type: 'approval', step, callId, decidedBy: 'user', approved, ...(reason ? { reason } : {}) });
  return { approved, ...(reason ? { reason } : {}) };
}

/** What the user is shown when asked: the command itself, or the change an edit makes. */
async function approvalDetail(tool: Tool, args: Record<string, unknown>, deps: ToolStepDeps): Promise<string> {
  if (typeof args.command === 'string') return args.command;
  const preview = await tool.preview?.(args, deps.toolContext).catch(() => null);
  return preview ?? JSON.stringify(args, null, 2);
}

async function executeSafely(tool: Tool, args: Record<string, unknown>, ctx: ToolContext): Promise<ToolResult> {
  try {
    return await tool.execute(args, ctx);
  } catch (error) {
    // A tool bug or an unexpected I/O failure must not end the run: report it as an observation.
    const message = error instanceof Error ? error.message : String(error);
    return { output: `The tool ${tool.name} failed: ${message}`, isError: true };
  }
}

function emitResult(deps: ToolStepDeps, step: number, call: ModelToolCall, result: ToolResult, durationMs: number): void {
  deps.emit({
    type: 'tool-result', step, callId: call.id, name: call.name, output: result.output, isError: result.isError,
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    truncated: result.truncated ?? false, durationMs,
    ...(result.sourceText !== undefined ? { sourceText: result.sourceText } : {}),
  });
}
