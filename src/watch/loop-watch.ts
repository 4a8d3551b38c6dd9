// The live loop watch: attaches to an agent, reads its event stream, checks each call before
// it runs (an identical call whose earlier runs all returned the same output can be held
// back), and at the safe point between model turns reports what it found ('loop-warning'
// events) and takes the way out its policy names ('recovery' events): a nudge message to the
// model, a rollback to the checkpoint before the loop plus a nudge, or a stop. A person can
// choose a recovery too (requestRecovery); it is applied at the next safe point.
import type { AgentHooks, RollbackResult } from '../agent/agent';
import type { AgentEvent, LoopWarningEvent, RecoveryEvent } from '../agent/events';
import type { GateCall } from '../agent/tool-step';
import { silentLog, type Log } from '../host/ports';
import { classifyCall } from './classify';
import { DEFAULT_WATCH_CONFIG, type WatchAction, type WatchConfig } from './config';
import { isLoop, LoopDetector, type DetectionReport } from './detector';
import type { LoopFinding, Recovery } from './finding';
import { ModelCheck, oneLine, type StepDigest } from './model-check';
import { chooseAction, EMPTY_PATCH_NUDGE, mostUrgent, rollbackNudge, stopMessage } from './recovery';
import { StepTracker } from './step-tracker';
import { actionsOf } from '../trajectory/actions';
import type { Trajectory } from '../trajectory/format';
import { feedActions } from './offline';

/** What the watch needs from an agent (src/agent/agent.ts implements it). */
export interface WatchedAgent {
  onEvent(listener: (event: AgentEvent) => void): () => void;
  addHooks(hooks: AgentHooks): () => void;
  sendUserMessage(text: string, source?: 'user' | 'nudge'): void;
  publish(event: LoopWarningEvent | RecoveryEvent): void;
  rollbackTo(step: number): Promise<RollbackResult>;
  stop(message: string): void;
}

export interface LoopWatchOptions {
  config?: WatchConfig;
  log?: Log;
  /** Whether the workspace has no changes, so a finish with nothing done can be caught before
   * it ends the run (the CLI passes a git diff check). Without it the check runs at the end. */
  workspaceUnchanged?: () => Promise<boolean>;
  /** Ask a model whether the run loops, now and then (off without it). */
  modelCheck?: ModelCheck;
}

export class LoopWatch {
  private readonly config: WatchConfig;
  private readonly log: Log;
  private detector: LoopDetector;
  private generation = 0;
  private readonly archived: LoopFinding[] = [];
  private readonly tracker = new StepTracker();
  private pending: LoopFinding[] = [];
  /** Calls to hold back when they reach the gate: their finding and what the model is told. */
  private readonly blocks = new Map<string, { finding: LoopFinding; text: string }>();
  private readonly requests: { findingId: string; action: Recovery }[] = [];
  private readonly dismissed = new Set<string>();
  private recoveries = 0;
  /** The last step of the loop last acted on: a warning that began before it is the same loop. */
  private actedThrough = 0;
  private lastStep = 0;
  private emptyPatchChecked = false;
  private stopped: LoopFinding | null = null;
  private final: DetectionReport | null = null;
  /** The step being digested for the model check. */
  private digest: StepDigest | null = null;

  constructor(private readonly agent: WatchedAgent, private readonly options: LoopWatchOptions = {}) {
    this.config = options.config ?? DEFAULT_WATCH_CONFIG;
    this.log = options.log ?? silentLog;
    this.detector = new LoopDetector(this.config);
  }

  attach(): () => void {
    const offEvents = this.agent.onEvent((event) => this.onEvent(event));
    const offHooks = this.agent.addHooks({
      beforeToolCall: (call) => this.beforeToolCall(call),
      beforeModelTurn: () => this.safePoint(),
    });
    return () => {
      offEvents();
      offHooks();
    };
  }

  /** Learns the steps of the run a continuation takes up (call before the run starts), so a
   * loop that began before the follow-up is seen as going on. What was found in them was
   * reported in that run: it is not acted on again, only a loop that goes on is. */
  prime(trajectory: Trajectory): void {
    const actions = actionsOf(trajectory);
    feedActions(this.detector, actions);
    this.lastStep = actions.at(-1)?.index ?? this.lastStep;
    this.actedThrough = Math.max(this.actedThrough, this.lastStep);
  }

  /** Every finding so far (the latest version of each). */
  findings(): LoopFinding[] {
    return [...this.archived, ...this.detector.findings()];
  }

  /** The verdict on the whole run, once it has ended. */
  get report(): DetectionReport | null {
    return this.final;
  }

  /** The finding the watch stopped the run for, if it did. */
  get stoppedBy(): LoopFinding | null {
    return this.stopped;
  }

  /** A person's choice for a finding; applied between model turns. */
  requestRecovery(findingId: string, action: Recovery): void {
    this.requests.push({ findingId, action });
  }

  private onEvent(event: AgentEvent): void {
    if (event.type === 'model-turn') {
      this.closeStep();
      this.lastStep = event.step;
      this.digest = { step: event.step, action: event.toolCalls.length === 0 ? `(reply without a tool call) ${oneLine(event.content ?? '', 120)}` : '', result: '' };
    }
    if (event.type === 'model-delta' && event.delta.kind === 'content') {
      // Text that chants is caught while it streams, before the turn is over.
      const finding = this.detector.streamText(event.step, event.delta.text);
      if (finding) this.publishFinding(finding);
    }
    if (this.digest && event.type === 'tool-call') this.digest.action = `${this.digest.action}${this.digest.action ? '; ' : ''}${event.title}`;
    if (this.digest && event.type === 'tool-result') {
      const exit = event.exitCode !== undefined && event.exitCode !== null ? `exit ${event.exitCode}: ` : '';
      this.digest.result = `${this.digest.result}${this.digest.result ? ' | ' : ''}${event.isError ? 'ERROR ' : ''}${exit}${oneLine(event.output)}`;
    }
    if (event.type === 'run-finished') {
      this.closeStep();
      const report = this.detector.endRun({ lastStep: this.lastStep, finished: event.reason === 'finished', emptyPatch: event.patch.trim() === '' });
      const findings = this.findings();
      this.final = { ...report, loop: findings.some(isLoop), findings };
      return;
    }
    const fed = this.tracker.feed(event);
    if (fed?.announced && this.tracker.step !== null) {
      const check = this.detector.beforeCall(this.tracker.step, fed.announced);
      for (const finding of check.findings) this.publishFinding(finding);
      const finding = check.current;
      if (check.block && finding && this.config.policy.onWarning !== 'none' && !this.dismissed.has(finding.id)) {
        this.blocks.set(fed.announced.callId, { finding, text: check.block });
      }
    }
    if (fed?.finished) this.detector.afterCall(fed.finished.call, fed.finished.result);
  }

  private async beforeToolCall(call: GateCall): Promise<{ block: string } | null> {
    const blocked = this.blocks.get(call.callId);
    if (blocked) {
      this.blocks.delete(call.callId);
      this.tracker.block(call.callId);
      // Held back at a warning, the call's answer is the nudge; at stuck, the stop follows.
      if (blocked.finding.severity === 'warning') this.recovery(blocked.finding, 'nudge', 'policy');
      this.actedThrough = Math.max(this.actedThrough, call.step);
      return { block: blocked.text };
    }
    if (classifyCall(call.name, call.args, call.risk) === 'finish' && !this.emptyPatchChecked && this.options.workspaceUnchanged) {
      this.emptyPatchChecked = true;
      if (this.config.policy.onWarning === 'none' || !(await this.options.workspaceUnchanged())) return null;
      const empty = this.detector.emptyPatchFinish(call.step);
      if (!empty) return null;
      this.publishFinding(empty);
      this.recovery(empty, 'nudge', 'policy');
      return { block: EMPTY_PATCH_NUDGE };
    }
    return null;
  }

  /** Between model turns: judge the step that just ended, then act. */
  private async safePoint(): Promise<void> {
    this.closeStep();
    await this.askModel();
    for (const request of this.requests.splice(0)) {
      const finding = this.findings().find((item) => item.id === request.findingId);
      if (finding) await this.apply(finding, request.action, 'user');
    }
    // One recovery per loop: a warning from another signal about a loop already acted on is
    // reported but not acted on again; only its escalation to stuck is.
    const candidates = this.pending.filter((finding) =>
      !this.dismissed.has(finding.id) && isLoop(finding) && (finding.severity === 'stuck' || finding.fromStep > this.actedThrough));
    this.pending = [];
    const finding = mostUrgent(candidates);
    if (!finding || this.stopped) return;
    const action = chooseAction(finding, this.config.policy, this.recoveries);
    if (action === 'none') return;
    this.actedThrough = Math.max(this.actedThrough, finding.toStep);
    await this.apply(finding, action, 'policy');
  }

  /** The model check, when configured and due: its finding joins the loop it overlaps. */
  private async askModel(): Promise<void> {
    const check = this.options.modelCheck;
    if (!check || this.stopped || !check.due(this.lastStep)) return;
    try {
      const hit = await check.check(this.lastStep);
      const finding = hit ? this.detector.external(hit) : null;
      if (finding) this.publishFinding(finding);
    } catch (error) {
      this.log.warn(`The loop watch's model check failed (${error instanceof Error ? error.message : String(error)}); the rules go on without it.`);
    }
  }

  private closeStep(): void {
    if (this.digest && this.options.modelCheck) this.options.modelCheck.record(this.digest);
    this.digest = null;
    const facts = this.tracker.close();
    if (!facts) return;
    for (const finding of this.detector.endStep(facts)) this.publishFinding(finding);
  }

  private publishFinding(finding: LoopFinding): void {
    this.agent.publish({ type: 'loop-warning', step: finding.toStep, finding });
    this.pending.push(finding);
  }

  private async apply(finding: LoopFinding, action: WatchAction | Recovery, decidedBy: 'user' | 'policy'): Promise<void> {
    if (action === 'none') return;
    if (action === 'dismiss') {
      this.dismissed.add(finding.id);
      this.recovery(finding, 'dismiss', decidedBy);
      return;
    }
    if (action === 'stop') {
      this.stopped = finding;
      this.recovery(finding, 'stop', decidedBy);
      this.agent.stop(stopMessage(finding));
      return;
    }
    if (action === 'rollback') {
      let result: RollbackResult;
      try {
        result = await this.agent.rollbackTo(Math.max(1, finding.fromStep));
      } catch (error) {
        this.log.warn(`The loop watch could not roll back (${error instanceof Error ? error.message : String(error)}); nudging instead.`);
        await this.apply(finding, 'nudge', decidedBy);
        return;
      }
      this.recovery(finding, 'rollback', decidedBy, result);
      this.agent.sendUserMessage(rollbackNudge(finding, result.toStep), 'nudge');
      this.restartDetector();
      return;
    }
    this.recovery(finding, 'nudge', decidedBy);
    this.agent.sendUserMessage(finding.nudge, 'nudge');
  }

  private recovery(finding: LoopFinding, action: Recovery, decidedBy: 'user' | 'policy', rollback?: RollbackResult): void {
    if (action === 'nudge' || action === 'rollback') this.recoveries++;
    this.agent.publish({
      type: 'recovery', step: this.lastStep, findingId: finding.id, action, decidedBy,
      ...(rollback?.checkpointId ? { checkpointId: rollback.checkpointId } : {}),
      ...(rollback ? { toStep: rollback.toStep } : {}),
    });
  }

  /** After a rollback the looped steps are gone: judge what comes next afresh (the run keeps
   * its recovery count, so a loop that comes back is still stopped in the end). */
  private restartDetector(): void {
    this.archived.push(...this.detector.findings());
    this.generation++;
    this.detector = new LoopDetector(this.config, `r${this.generation}:`);
    this.blocks.clear();
  }
}
