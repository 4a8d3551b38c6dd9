// Replay: re-executes a recorded run's tool calls against a workspace with Crux's real tools,
// the recorded model outputs standing in for the model, and reports per call whether the new
// observation matches the recorded one. Crux runs replay call for call; imported runs replay
// their shell commands (bash, execute_bash...) through run_command. Calls of other agents'
// own tools (str_replace_editor, SWE-agent's edit...) have no Crux equivalent and are skipped,
// which is reported, never silently.
import { createTwoFilesPatch } from 'diff';
import type { Terminal, Workspace } from '../host/ports';
import type { ToolRegistry } from '../tools/registry';
import { DEFAULT_TOOL_LIMITS, type ToolLimits, type ToolResult } from '../tools/types';
import { actionsOf, type ActionCall } from './actions';
import type { Trajectory } from './format';
import { commandOf, isShellTool } from './import/calls';
import { commandBody, normalizeOutput } from './replay-normalize';
import { withoutNestedRules } from '../context/nested-rules';
import type { ApprovalPolicy } from '../agent/approval-policy';

export interface PlannedCall {
  step: number;
  callId: string;
  /** The tool name as recorded. */
  recordedName: string;
  /** The Crux tool it runs as, or null when it is skipped. */
  tool: string | null;
  args: Record<string, unknown>;
  /** Why the call is skipped, when it is. */
  skip: string | null;
}

export type CallStatus = 'same' | 'diverged' | 'skipped' | 'unrecorded';

export interface ReplayedCall extends PlannedCall {
  status: CallStatus;
  /** For diverged calls: what differs, in one line, and a short diff of the outputs. */
  reason: string | null;
  diff: string | null;
}

export interface ReplayReport {
  calls: ReplayedCall[];
  firstDivergence: ReplayedCall | null;
  counts: Record<CallStatus, number>;
}

export interface ReplayPorts {
  workspace: Workspace;
  terminal: Terminal;
  registry: ToolRegistry;
  limits?: ToolLimits;
  signal?: AbortSignal;
}

export interface ReplayOptions {
  /** The recorded run's workspace root, when known, so its paths compare equal. */
  recordedRoot?: string;
  /** Stop after the first divergence (later calls build on a different state). */
  stopAtDivergence?: boolean;
  /** Lines of diff kept for a divergence. */
  diffLines?: number;
  /** Called after each call, for live progress. */
  onCall?: (call: ReplayedCall) => void;
  /** The command policy (auto-all): a recorded command it would deny or ask about is skipped. */
  policy?: ApprovalPolicy;
}

/** What a replay would run, call by call; nothing is executed. */
export function planReplay(trajectory: Trajectory, registry: ToolRegistry, policy?: ApprovalPolicy): PlannedCall[] {
  return actionsOf(trajectory).flatMap((action) => action.calls.map((entry) => plan(entry, action.index, registry, policy)));
}

/** A recorded run may come from anywhere (an import, a shared file): its commands pass the same
 * policy as the agent's. --yes approves the run as a whole, not a risky class in it. */
function plan(entry: ActionCall, step: number, registry: ToolRegistry, policy: ApprovalPolicy | undefined): PlannedCall {
  const planned = planCall(entry, step, registry);
  const command = planned.tool === 'run_command' && typeof planned.args.command === 'string' ? planned.args.command : undefined;
  if (!policy || command === undefined) return planned;
  const decision = policy.decide({ risk: 'execute', command });
  if (decision.kind === 'deny') return { ...planned, tool: null, skip: decision.reason };
  if (decision.kind === 'ask') {
    const classes = (decision.risky ?? []).map((risk) => risk.riskClass);
    return { ...planned, tool: null, skip: `a risky command (${(decision.risky ?? []).map((risk) => risk.reason).join('; ')}); replay it with ${classes.map((name) => `--allow-risky ${name}`).join(' ')}` };
  }
  return planned;
}

function planCall({ call }: ActionCall, step: number, registry: ToolRegistry): PlannedCall {
  const base = { step, callId: call.callId, recordedName: call.name };
  const args = call.arguments ?? {};
  if (!call.valid) return { ...base, tool: null, args, skip: 'the recorded call was invalid' };
  if (registry.get(call.name)) return { ...base, tool: call.name, args, skip: null };
  const command = commandOf(call.name, args);
  if (command !== undefined && isShellTool(call.name)) {
    return { ...base, tool: 'run_command', args: { command }, skip: null };
  }
  return { ...base, tool: null, args, skip: `${call.name} is not a Crux tool and not a shell command` };
}

export async function replayRun(trajectory: Trajectory, ports: ReplayPorts, options: ReplayOptions = {}): Promise<ReplayReport> {
  const report: ReplayReport = { calls: [], firstDivergence: null, counts: { same: 0, diverged: 0, skipped: 0, unrecorded: 0 } };
  const roots = [ports.workspace.root, ...(options.recordedRoot ? [options.recordedRoot] : [])];
  const signal = ports.signal ?? new AbortController().signal;
  for (const action of actionsOf(trajectory)) {
    for (const entry of action.calls) {
      if (signal.aborted) return report;
      const planned = plan(entry, action.index, ports.registry, options.policy);
      const replayed = planned.tool === null
        ? { ...planned, status: 'skipped' as const, reason: planned.skip, diff: null }
        : await execute(planned, entry, ports, signal, { roots, diffLines: options.diffLines ?? 12 });
      report.calls.push(replayed);
      report.counts[replayed.status]++;
      options.onCall?.(replayed);
      if (replayed.status === 'diverged' && !report.firstDivergence) {
        report.firstDivergence = replayed;
        if (options.stopAtDivergence) return report;
      }
    }
  }
  return report;
}

async function execute(
  planned: PlannedCall, entry: ActionCall, ports: ReplayPorts, signal: AbortSignal, compare: { roots: string[]; diffLines: number },
): Promise<ReplayedCall> {
  const validation = ports.registry.validate(planned.tool as string, planned.args);
  if (!validation.ok) return { ...planned, status: 'skipped', reason: `the call does not fit Crux's ${planned.tool}: ${validation.error}`, diff: null };
  let result: ToolResult;
  try {
    result = await validation.tool.execute(validation.args, {
      workspace: ports.workspace, terminal: ports.terminal, limits: ports.limits ?? DEFAULT_TOOL_LIMITS, signal,
    });
  } catch (error) {
    result = { output: `The tool ${planned.tool} failed: ${error instanceof Error ? error.message : String(error)}`, isError: true };
  }
  const recorded = entry.observation;
  if (!recorded) return { ...planned, status: 'unrecorded', reason: 'the run recorded no observation for this call', diff: null };
  const isCommand = planned.tool === 'run_command';
  // A nested AGENTS.md block was appended by the agent, not returned by the tool.
  const recordedOutput = withoutNestedRules(recorded.output);
  const before = normalizeOutput(isCommand ? commandBody(recordedOutput) : recordedOutput, compare);
  const after = normalizeOutput(isCommand ? commandBody(result.output) : result.output, compare);
  const reasons: string[] = [];
  const recordedExit = recorded.exitCode;
  const replayedExit = result.exitCode ?? null;
  if (isCommand && recordedExit !== null && replayedExit !== null && recordedExit !== replayedExit) reasons.push(`exit code ${recordedExit} → ${replayedExit}`);
  // Layout alone (a pty prints `ls` in columns, a pipe one name per line) is not a difference.
  const differs = collapse(before) !== collapse(after);
  if (differs) reasons.push('the output differs');
  if (entry.edit && result.edit && entry.edit.afterHash !== result.edit.afterHash) reasons.push('the edited file ends up different');
  if (reasons.length === 0) return { ...planned, status: 'same', reason: null, diff: null };
  return { ...planned, status: 'diverged', reason: reasons.join('; '), diff: differs ? shortDiff(before, after, compare.diffLines) : null };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A unified diff of the normalized outputs, cut to a few lines. */
function shortDiff(recorded: string, replayed: string, maxLines: number): string {
  const patch = createTwoFilesPatch('recorded', 'replayed', `${recorded}\n`, `${replayed}\n`, undefined, undefined, { context: 1 });
  const lines = patch.split('\n').filter((line) => line !== '' && !line.startsWith('\\') && !line.startsWith('===') && !line.startsWith('Index:'));
  const kept = lines.slice(0, maxLines);
  if (lines.length > maxLines) kept.push(`… ${lines.length - maxLines} more diff lines`);
  return kept.join('\n');
}
