// Builds a Crux trajectory from another agent's run, one model turn at a time. Every importer
// goes through it, so all imports number steps and events the same way: one model-turn per
// action (numbered from 1, as actionsOf expects), then that action's tool calls, then their
// observations, user messages and errors, all carrying the action's step.
import type { RunEndReason } from '../../agent/events';
import type { Sampling } from '../../agent/config';
import type { ChatMessage, ModelToolCall, TokenUsage, ToolSpec } from '../../model/types';
import { parseArgumentsText } from '../../model/arguments';
import { sha256 } from '../../tools/file-edit';
import type { FileEdit } from '../../tools/types';
import { CRUX_VERSION } from '../../version';
import { TRAJECTORY_FORMAT, type Trajectory, type TrajectoryEvent, type TrajectoryHeader } from '../format';
import { riskOf, type CallInput } from './calls';
import type { ImportContext, KnownFormat } from './types';

export interface HeaderInput {
  agent: string;
  format: Exclude<KnownFormat, 'crux'>;
  /** The instance id when the source has one; otherwise the task is identified by a hash. */
  taskId: string | null;
  taskText: string;
  model?: string | null;
  createdAt?: number | null;
  repository?: { remote: string | null; commit: string | null };
  sampling?: Sampling;
  tools?: ToolSpec[];
  maxSteps?: number | null;
}

export interface TurnInput {
  newMessages?: ChatMessage[];
  /** The visible text of the assistant message (the source's text, commands included). */
  content: string | null;
  rawContent?: string;
  reasoning?: string;
  calls?: CallInput[];
  finishReason?: string | null;
  usage?: TokenUsage | null;
  t?: number | null;
}

export interface ObservationInput {
  output: string;
  exitCode?: number | null;
  isError?: boolean;
  truncated?: boolean;
  durationMs?: number | null;
  t?: number | null;
}

export interface OutcomeInput {
  end: RunEndReason;
  message: string;
  summary?: string | null;
  /** null: the source records no final patch (emptyPatch is then false: not known to be empty). */
  patch?: string | null;
  resolved?: boolean | null;
  usage?: TokenUsage | null;
  t?: number | null;
}

const ZERO_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

export class TrajectoryBuilder {
  private readonly events: TrajectoryEvent[] = [];
  private readonly problems: string[] = [];
  /** Source call id → the recorded call (ids are made unique per run). */
  private readonly calls = new Map<string, { id: string; name: string; step: number; t: number | null }>();
  private readonly usedIds = new Set<string>();
  private readonly usage: TokenUsage = { ...ZERO_USAGE };
  private sawUsage = false;
  private invalid = 0;
  private steps = 0;
  private lastT: number | null = null;
  private readonly header: TrajectoryHeader;

  constructor(input: HeaderInput, private readonly context: ImportContext) {
    const created = input.createdAt ?? context.mtimeMs;
    this.header = {
      kind: 'header',
      format: TRAJECTORY_FORMAT,
      runId: stableRunId(`${input.format}\0${context.contentHash}\0${context.index}`),
      createdAt: new Date(Number.isFinite(created) ? created : 0).toISOString(),
      task: { id: input.taskId ?? `task-${sha256(input.taskText).slice(0, 16)}`, text: input.taskText },
      repository: input.repository ?? { remote: null, commit: null },
      model: { name: input.model ?? 'unknown', serverKind: 'unknown', serverUrl: null },
      sampling: input.sampling ?? {},
      toolFormat: null,
      tools: input.tools ?? [],
      maxSteps: input.maxSteps ?? null,
      cruxVersion: CRUX_VERSION,
      consent: 'local',
      parent: null,
      source: { agent: input.agent, format: input.format, file: context.multi ? `${context.file}#${context.index}` : context.file },
    };
  }

  get step(): number {
    return this.steps;
  }

  /** Records one action; returns the recorded ids of its calls, in order. */
  turn(input: TurnInput): string[] {
    const step = ++this.steps;
    const t = this.time(input.t);
    const toolCalls = (input.calls ?? []).map((call, k) => this.modelCall(call, step, k, t));
    const content = input.content;
    const assistant: ChatMessage & { role: 'assistant' } = {
      role: 'assistant',
      content: content === '' && toolCalls.length > 0 ? null : content,
      ...(toolCalls.length > 0 ? {
        tool_calls: toolCalls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.argumentsText } })),
      } : {}),
    };
    if (input.usage) this.addUsage(input.usage);
    this.push({
      type: 'model-turn', step, t, newMessages: input.newMessages ?? [], assistant,
      rawContent: input.rawContent ?? content ?? '', reasoning: input.reasoning ?? '', toolCalls,
      finishReason: input.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
      usage: input.usage ?? null, latencyMs: null,
    });
    for (const call of toolCalls) {
      const valid = call.parseError === undefined;
      if (!valid) this.invalid++;
      this.push({
        type: 'tool-call', step, t, callId: call.id, name: call.name, argumentsText: call.argumentsText,
        arguments: call.arguments ?? null, valid, invalidReason: call.parseError ?? null, risk: riskOf(call.name, call.arguments),
      });
    }
    return toolCalls.map((call) => call.id);
  }

  /** The recorded id of a call the source named `sourceId` (ids may be renamed when a source
   * reuses them), or undefined when no turn made such a call. */
  recordedId(sourceId: string): string | undefined {
    return this.calls.get(sourceId)?.id;
  }

  /** The observation of a call, by the source's call id. Returns false for an unknown id. */
  observe(sourceId: string, input: ObservationInput): boolean {
    const call = this.calls.get(sourceId);
    if (!call) {
      this.problems.push(`step ${this.steps}: an observation for unknown call ${sourceId} was dropped`);
      return false;
    }
    if (call.step !== this.steps) this.problems.push(`step ${this.steps}: the observation of call ${call.id} (step ${call.step}) arrived late`);
    const t = this.time(input.t);
    const durationMs = input.durationMs ?? (t !== null && call.t !== null && t >= call.t ? t - call.t : null);
    this.push({
      type: 'observation', step: call.step, t, callId: call.id, name: call.name, output: input.output,
      isError: input.isError ?? false, exitCode: input.exitCode ?? null, truncated: input.truncated ?? false, durationMs,
    });
    return true;
  }

  /** A message to the model that is not a tool result: the user's words, or the agent
   * framework's reply to a malformed response ('system'). */
  userMessage(text: string, source: 'user' | 'system', t?: number | null): void {
    this.push({ type: 'user-message', step: this.steps, t: this.time(t), text, source });
  }

  /** A response the source agent rejected (no action or several): the reply it sent back. */
  formatError(text: string, t?: number | null): void {
    this.invalid++;
    this.userMessage(text, 'system', t);
  }

  error(message: string, fatal: boolean, t?: number | null): void {
    this.push({ type: 'error', step: this.steps, t: this.time(t), message, fatal });
  }

  /** A file change the source recorded in full (old and new content) for a call. */
  edit(sourceId: string, edit: FileEdit): void {
    const call = this.calls.get(sourceId);
    if (!call) return;
    this.push({ type: 'edit', step: call.step, t: this.lastT, callId: call.id, ...edit });
  }

  /** The run's last tool call (how a run ended: finish, submit...). */
  lastCall(): { name: string; arguments: Record<string, unknown> | null } | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const event = this.events[i];
      if (event?.type === 'tool-call') return { name: event.name, arguments: event.arguments };
    }
    return undefined;
  }

  /** The text of the run's last assistant message. */
  lastContent(): string {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const event = this.events[i];
      if (event?.type === 'model-turn') return event.assistant.content ?? '';
    }
    return '';
  }

  lastCallName(): string | undefined {
    return this.lastCall()?.name;
  }

  problem(text: string): void {
    this.problems.push(text);
  }

  finish(outcome: OutcomeInput): Trajectory {
    const patch = outcome.patch ?? '';
    return {
      header: this.header,
      events: this.events,
      outcome: {
        kind: 'outcome', t: outcome.t ?? this.lastT, end: outcome.end, message: outcome.message,
        summary: outcome.summary ?? null, patch, emptyPatch: outcome.patch !== null && outcome.patch !== undefined && patch.trim() === '',
        steps: this.steps, usage: outcome.usage ?? (this.sawUsage ? { ...this.usage } : { ...ZERO_USAGE }),
        invalidToolCalls: this.invalid, test: null, verdict: null, resolved: outcome.resolved ?? null,
      },
      problems: this.problems,
    };
  }

  private modelCall(call: CallInput, step: number, k: number, t: number | null): ModelToolCall {
    const id = this.uniqueId(call.id ?? `import-${step}-${k + 1}`);
    this.calls.set(call.id ?? id, { id, name: call.name, step, t });
    if (call.argumentsText === undefined) {
      const args = call.arguments ?? {};
      return { id, name: call.name, argumentsText: JSON.stringify(args), arguments: args };
    }
    const parsed = call.arguments ? { arguments: call.arguments } : parseArgumentsText(call.argumentsText);
    return {
      id, name: call.name, argumentsText: call.argumentsText,
      ...(parsed.arguments ? { arguments: parsed.arguments } : {}),
      ...('parseError' in parsed && parsed.parseError ? { parseError: parsed.parseError } : {}),
    };
  }

  private uniqueId(id: string): string {
    let candidate = id;
    for (let n = 2; this.usedIds.has(candidate); n++) candidate = `${id}#${n}`;
    this.usedIds.add(candidate);
    return candidate;
  }

  private addUsage(usage: TokenUsage): void {
    this.sawUsage = true;
    this.usage.promptTokens += usage.promptTokens;
    this.usage.completionTokens += usage.completionTokens;
    this.usage.totalTokens += usage.totalTokens;
  }

  private time(t: number | null | undefined): number | null {
    if (t !== undefined && t !== null) this.lastT = t;
    return t ?? null;
  }

  /** Appends an event with the next seq; the distributive Omit keeps each variant's fields. */
  private push(event: DistributiveOmit<TrajectoryEvent, 'kind' | 'seq'>): void {
    this.events.push({ ...event, kind: 'event', seq: this.events.length + 1 } as TrajectoryEvent);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A UUID-shaped id derived from a hash, so the same source always gets the same run id. */
function stableRunId(key: string): string {
  const hex = sha256(key);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** OpenAI-style usage ({prompt_tokens, completion_tokens, total_tokens}) as TokenUsage. */
export function usageFrom(value: unknown): TokenUsage | null {
  if (typeof value !== 'object' || value === null) return null;
  const usage = value as Record<string, unknown>;
  const prompt = typeof usage.prompt_tokens === 'number' ? usage.prompt_tokens : undefined;
  const completion = typeof usage.completion_tokens === 'number' ? usage.completion_tokens : undefined;
  if (prompt === undefined && completion === undefined) return null;
  const total = typeof usage.total_tokens === 'number' ? usage.total_tokens : (prompt ?? 0) + (completion ?? 0);
  return { promptTokens: prompt ?? 0, completionTokens: completion ?? 0, totalTokens: total };
}
