// The agent run loop, as an explicit state machine:
//   model-turn → (tool-calls → model-turn)* → finished | step-limit | aborted | error
// Everything observable leaves through the AgentEvent stream.
import { randomUUID } from 'node:crypto';
import type { Approvals, Checkpoints, Clock, Log, Terminal, Workspace } from '../host/ports';
import { systemClock, silentLog } from '../host/ports';
import type { ChatMessage, ModelToolCall, ModelTurnResult, TokenUsage } from '../model/types';
import type { ToolRegistry } from '../tools/registry';
import { DEFAULT_TOOL_LIMITS, type ToolLimits } from '../tools/types';
import { ApprovalPolicy, type ApprovalSettings } from './approval-policy';
import type { AgentConfig } from './config';
import { Conversation, checkRunFrom, type RunFrom } from './conversation';
import { modePolicy, offeredTools, type ModePolicy } from './mode';
import { ruleRefs, rulesSection } from '../context/project-rules';
import { missingNestedRules, nestedRulesBlock } from '../context/nested-rules';
import { fitContext } from './context-window';
import type { AgentEvent, AgentEventListener, LoopWarningEvent, RecoveryEvent, RunEndReason, RunFinishedEvent } from './events';
import { EventBus } from './event-bus';
import { describeModelError, isAbortError } from './model-errors';
import type { ModelTurnSource } from './model-source';
import { followUpMessage, systemPrompt, taskMessage } from './prompts';
import { addUsage, assistantMessage, ReplyRules, requestTurn } from './model-step';
import { RollbackError, RunMarks } from './run-marks';
import { HookSet, type AgentHooks } from './hooks';
import { nestedRulesSource, runToolCall, type ToolStepDeps } from './tool-step';

export type { AgentHooks } from './hooks';
export type { RunFrom } from './conversation';

export interface AgentDeps {
  model: ModelTurnSource;
  registry: ToolRegistry;
  workspace: Workspace;
  terminal: Terminal;
  approvals: Approvals;
  approvalSettings: ApprovalSettings;
  checkpoints?: Checkpoints;
  clock?: Clock;
  log?: Log;
  limits?: ToolLimits;
  /** The run's final patch; the CLI and extension pass the git workspace diff. */
  computePatch: (workspaceRoot: string) => Promise<string>;
}

export interface RollbackResult {
  /** The checkpoint restored; null when no file had changed since the step. */
  checkpointId: string | null;
  /** The last step the conversation keeps. */
  toStep: number;
}

type State =
  | { kind: 'model-turn' }
  | { kind: 'tool-calls'; calls: ModelToolCall[] }
  | { kind: 'ended'; reason: RunEndReason; message: string; summary?: string };

const FINISH_TOOL = 'finish';

export class Agent {
  private readonly bus: EventBus;
  private readonly policy: ApprovalPolicy;
  private readonly clock: Clock;
  private readonly log: Log;
  private readonly conversation = new Conversation();
  private readonly mode: ModePolicy;
  /** The tools this run offers: the registry's, less those the mode leaves out. */
  private readonly registry: ToolRegistry;
  private readonly usage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  private invalidToolCalls = 0;
  private readonly replies: ReplyRules;
  private readonly sampling: AgentConfig['sampling'];
  private step = 0;
  private running = false;
  private readonly hooks: HookSet;
  private readonly marks = new RunMarks();
  private stopRequest: string | null = null;
  private readonly nestedRules: ToolStepDeps['nestedRules'];

  constructor(
    private readonly deps: AgentDeps,
    private readonly config: AgentConfig,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.log = deps.log ?? silentLog;
    this.bus = new EventBus(this.log);
    this.hooks = new HookSet(this.log);
    this.policy = new ApprovalPolicy(deps.approvalSettings);
    this.mode = modePolicy(config.mode ?? 'act');
    this.registry = offeredTools(deps.registry, this.mode);
    // max_tokens is always sent: without it llama.cpp lets a rambling reply fill the context.
    this.sampling = { ...config.sampling, maxTokens: config.sampling.maxTokens ?? config.context.replyTokens };
    this.replies = new ReplyRules(config.maxNoToolCallReplies, FINISH_TOOL, this.sampling.maxTokens);
    this.nestedRules = config.nestedRules ? nestedRulesSource(deps.workspace.root, this.log, () => this.conversation.all(), config.context) : undefined;
  }

  onEvent(listener: AgentEventListener): () => void {
    return this.bus.subscribe(listener);
  }

  /** Adds a message the model will see before its next turn: the user's words, or a nudge
   * from the loop watch. */
  sendUserMessage(text: string, source: 'user' | 'nudge' = 'user'): void {
    this.addMessage({ role: 'user', content: text });
    this.emit({ type: 'user-message', step: this.step, text, source });
  }

  /** Installs a watcher's hooks; returns the function that removes them. */
  addHooks(hooks: AgentHooks): () => void {
    return this.hooks.add(hooks);
  }

  /** Puts a watcher's finding or recovery into this run's event stream. */
  publish(event: LoopWarningEvent | RecoveryEvent): void {
    this.emit(event);
  }

  /** Ends the run before its next model turn, with reason 'aborted' and this message. */
  stop(message: string): void {
    this.stopRequest ??= message;
  }

  /**
   * Returns the run to the start of an earlier step: restores the checkpoint taken before that
   * step's first change (when files changed since) and cuts the conversation back to what the
   * model had seen before that step. Steps keep counting up. Call it between model turns
   * (from beforeModelTurn); throws RollbackError when it cannot be done safely.
   */
  async rollbackTo(step: number): Promise<RollbackResult> {
    if (!this.running) throw new RollbackError('cannot roll back: the agent is not running');
    if (step < 1 || step > this.step) throw new RollbackError(`cannot roll back to step ${step}: the run is at step ${this.step}`);
    const plan = this.marks.plan(step);
    if (plan.changedSince && plan.checkpointId === null) {
      throw new RollbackError(`cannot roll back to step ${step}: files may have changed since and there is no checkpoint to restore`);
    }
    if (plan.checkpointId !== null) {
      if (!this.deps.checkpoints) throw new RollbackError('cannot roll back: this agent has no checkpoints');
      await this.deps.checkpoints.restore(plan.checkpointId);
    }
    this.conversation.cutTo(plan.conversationLength);
    this.replies.reset();
    this.marks.forget(step);
    return { checkpointId: plan.checkpointId, toStep: step - 1 };
  }

  /**
   * The conversation as this agent's model was given it at `step` (before context fitting
   * shortened it), to start another run from there (run's `from`). Throws for a step that did not
   * run in this agent or was undone by a rollback.
   */
  conversationAt(step: number): ChatMessage[] {
    const length = this.marks.promptLength(step);
    if (length === undefined) throw new RollbackError(`step ${step} is not in this run's conversation (it never ran here, or a rollback undid it)`);
    return this.conversation.slice(length);
  }

  async run(task: string, signal: AbortSignal = new AbortController().signal, from?: RunFrom): Promise<RunFinishedEvent> {
    if (this.running) throw new Error('This agent is already running; create a new Agent for another run.');
    if (from) checkRunFrom(from);
    this.running = true;
    const runId = randomUUID();
    const tools = this.registry.specs();
    this.emit({
      type: 'run-started', runId, task, workspaceRoot: this.deps.workspace.root, model: this.config.model,
      serverUrl: this.config.serverUrl, serverKind: this.config.serverKind, toolFormat: this.config.toolFormat,
      tools, sampling: this.sampling, maxSteps: this.config.maxSteps, mode: this.mode.mode,
      rules: ruleRefs(this.config.projectRules ?? []),
      ...(this.config.serverFacts ? { serverFacts: this.config.serverFacts } : {}),
    });
    if (from) {
      this.conversation.takeUp(from);
      this.step = from.step - 1;
      if (from.followUp !== undefined) {
        const switched = from.previousMode !== undefined && from.previousMode !== this.mode.mode;
        const rules = nestedRulesBlock(missingNestedRules(this.config.projectRules ?? [], from.messages));
        this.sendUserMessage(followUpMessage(from.followUp, switched ? this.mode.switchNote : undefined) + rules);
      }
    } else {
      this.addMessage({ role: 'system', content: this.buildSystemPrompt() });
      this.addMessage({ role: 'user', content: taskMessage(task) });
    }

    let state: State = { kind: 'model-turn' };
    while (state.kind !== 'ended') {
      if (signal.aborted) state = { kind: 'ended', reason: 'aborted', message: 'Stopped by the user.' };
      else if (state.kind === 'model-turn') state = await this.modelTurn(signal);
      else state = await this.toolCalls(state.calls, signal);
    }
    return this.finish(state);
  }

  private async modelTurn(signal: AbortSignal): Promise<State> {
    this.marks.turnStart(this.step + 1, this.conversation.length);
    await this.hooks.beforeModelTurn(this.step + 1);
    if (this.stopRequest !== null) return { kind: 'ended', reason: 'aborted', message: this.stopRequest };
    if (this.step >= this.config.maxSteps) {
      return { kind: 'ended', reason: 'step-limit', message: `Reached the step limit (${this.config.maxSteps} model turns) before the task was finished.` };
    }
    this.step++;
    const step = this.step;
    this.marks.promptSent(step, this.conversation.length);
    const fitted = fitContext(this.conversation.all(), this.config.context);
    let result: ModelTurnResult;
    this.emit({ type: 'model-request', step });
    try {
      result = await requestTurn({
        messages: fitted.messages, tools: this.registry.specs(), toolFormat: this.config.toolFormat,
        model: this.config.model, ...this.sampling, signal,
        onDelta: (delta) => this.emit({ type: 'model-delta', step, delta }),
      }, step, { model: this.deps.model, emit: (event) => this.emit(event) });
    } catch (error) {
      if (isAbortError(error) || signal.aborted) return { kind: 'ended', reason: 'aborted', message: 'Stopped by the user.' };
      const message = describeModelError(error);
      this.emit({ type: 'error', step, message, fatal: true });
      return { kind: 'ended', reason: 'error', message };
    }
    addUsage(this.usage, result.usage);

    const cutOff = result.finishReason === 'length';
    const assistant = assistantMessage(result, cutOff);
    const { newMessages, rewritten } = this.conversation.reply(assistant);
    this.emit({
      type: 'model-turn', step, newMessages, ...(fitted.changed || rewritten ? { sentMessages: fitted.messages } : {}),
      assistant, rawContent: result.rawContent, content: result.content, reasoning: result.reasoning,
      toolCalls: cutOff ? [] : result.toolCalls, finishReason: result.finishReason,
      ...(result.usage ? { usage: result.usage } : {}), latencyMs: result.latencyMs,
      ...(result.firstTokenMs !== undefined ? { firstTokenMs: result.firstTokenMs } : {}),
    });

    if (!cutOff && result.toolCalls.length === 0 && this.mode.proseEnds && result.content.trim() !== '') {
      return { kind: 'ended', reason: 'finished', message: 'The agent answered.', summary: result.content.trim() };
    }
    const verdict = this.replies.judge(result);
    if (verdict.kind === 'act') return { kind: 'tool-calls', calls: result.toolCalls };
    if (verdict.kind === 'end') return { kind: 'ended', reason: 'error', message: verdict.message };
    this.addMessage({ role: 'user', content: verdict.text });
    this.emit({ type: 'user-message', step: this.step, text: verdict.text, source: 'system' });
    return { kind: 'model-turn' };
  }

  private async toolCalls(calls: ModelToolCall[], signal: AbortSignal): Promise<State> {
    const deps = this.toolStepDeps();
    for (const [index, call] of calls.entries()) {
      if (signal.aborted) {
        // Every call needs a result message to keep the conversation valid for a resumed run.
        for (const skipped of calls.slice(index)) this.addToolMessage(skipped.id, 'Not run: the user stopped the run.');
        return { kind: 'ended', reason: 'aborted', message: 'Stopped by the user.' };
      }
      const outcome = await runToolCall(call, this.step, deps, signal);
      if (outcome.invalid) this.invalidToolCalls++;
      this.addToolMessage(call.id, outcome.observation);
      if (outcome.finish) {
        for (const skipped of calls.slice(index + 1)) this.addToolMessage(skipped.id, 'Not run: the task was finished.');
        return { kind: 'ended', reason: 'finished', message: 'The agent finished the task.', summary: outcome.finish.summary };
      }
    }
    return { kind: 'model-turn' };
  }

  private async finish(state: State & { kind: 'ended' }): Promise<RunFinishedEvent> {
    let patch = '';
    try {
      patch = await this.deps.computePatch(this.deps.workspace.root);
    } catch (error) {
      this.log.warn(`Could not compute the final patch: ${error instanceof Error ? error.message : String(error)}`);
    }
    const event: RunFinishedEvent = {
      type: 'run-finished', reason: state.reason, steps: this.step, message: state.message,
      ...(state.summary !== undefined ? { summary: state.summary } : {}),
      patch, usage: { ...this.usage }, invalidToolCalls: this.invalidToolCalls,
    };
    this.emit(event);
    this.running = false;
    return event;
  }

  private toolStepDeps(): ToolStepDeps {
    return {
      registry: this.registry,
      policy: this.policy,
      approvals: this.deps.approvals,
      ...(this.deps.checkpoints ? { checkpoints: this.deps.checkpoints } : {}),
      toolContext: { workspace: this.deps.workspace, terminal: this.deps.terminal, limits: this.deps.limits ?? DEFAULT_TOOL_LIMITS },
      clock: this.clock,
      emit: (event) => this.emit(event),
      gate: (call) => this.hooks.beforeToolCall(call),
      ...(this.nestedRules ? { nestedRules: this.nestedRules } : {}),
    };
  }

  private buildSystemPrompt(): string {
    return systemPrompt({
      workspaceRoot: this.deps.workspace.root,
      toolFormatInstructions: this.config.toolFormatInstructions,
      ...(this.config.testCommand ? { testCommand: this.config.testCommand } : {}),
      modeInstructions: this.mode.instructions,
      projectRules: rulesSection(this.config.projectRules ?? []),
    });
  }

  private addMessage(message: ChatMessage): void {
    this.conversation.add(message);
  }

  private addToolMessage(callId: string, content: string): void {
    this.addMessage({ role: 'tool', tool_call_id: callId, content });
  }

  private emit(event: AgentEvent): void {
    this.marks.observe(event);
    this.bus.emit(event);
  }
}
