// The loop detector: feeds each call and each completed step to the signals, turns their
// reports into LoopFindings (one per loop, updated as the loop goes on, re-reported only when
// it is new or its severity rises) and, at the end of a run, decides whether the run ended
// stuck. The same object serves the live watch (fed from agent events) and offline analysis
// (fed from a stored trajectory). Every call costs a constant amount of work: bounded
// memories of hashes, no rescans of the history.
import { DEFAULT_WATCH_CONFIG, type WatchConfig } from './config';
import type { CallFacts, CallResult, StepFacts } from './facts';
import { FindingBook } from './finding-book';
import type { FindingSignal, LoopFinding } from './finding';
import { NoveltyTracker } from './novelty';
import { CycleSignal } from './signals/cycle';
import { EditRevertSignal } from './signals/edit-revert';
import { IdenticalCallsSignal } from './signals/identical-calls';
import { InvalidCallsSignal } from './signals/invalid-calls';
import { NoProgressSignal } from './signals/no-progress';
import { NoToolCallSignal } from './signals/no-tool-call';
import { PersistentErrorSignal } from './signals/persistent-error';
import { RepeatedTextSignal } from './signals/repeated-text';
import { StaleSignal } from './signals/stale';
import { RepeatedErrorSignal } from './signals/repeated-error';
import { RepeatedObservationSignal } from './signals/repeated-observation';
import type { SignalHit, StepSignal } from './signals/signal';

export interface DetectionReport {
  /** The run ended inside a loop it did not recover from (labels/GUIDE.md's `stuck`). */
  stuck: boolean;
  /** The run contains a loop, recovered or not. */
  loop: boolean;
  /** The first step (action, numbered from 1) of the first loop; null without one. */
  firstLoopAction: number | null;
  findings: LoopFinding[];
}

export interface RunEnd {
  lastStep: number;
  /** The agent finished (called finish, submitted) rather than running out of steps or stopping. */
  finished: boolean;
  /** Whether the final patch was empty; null when unknown. */
  emptyPatch: boolean | null;
}

export interface CallCheck {
  /** New or escalated findings (the identical-call signal speaks before a call runs). */
  findings: LoopFinding[];
  /** The identical-call finding this call belongs to, new or not. */
  current: LoopFinding | null;
  /** Set when the call should not run; the text is the observation the model gets instead. */
  block: string | null;
}

export class LoopDetector {
  private readonly novelty: NoveltyTracker;
  private readonly identical: IdenticalCallsSignal;
  private readonly signals: StepSignal[];
  private readonly text: RepeatedTextSignal;
  private readonly book: FindingBook;
  private lastInfoStep = 0;
  private firstWarning: number | null = null;

  /** idPrefix keeps finding ids unique when a watch starts a fresh detector mid-run (after a rollback). */
  constructor(readonly config: WatchConfig = DEFAULT_WATCH_CONFIG, idPrefix = '') {
    this.book = new FindingBook(idPrefix, config.stuck.maxTail);
    this.novelty = new NoveltyTracker(config.memory.seen);
    this.identical = new IdenticalCallsSignal(config);
    this.text = new RepeatedTextSignal(config);
    this.signals = [
      new RepeatedObservationSignal(config),
      new RepeatedErrorSignal(config),
      new CycleSignal(config),
      new PersistentErrorSignal(config),
      new StaleSignal(config),
      new EditRevertSignal(config),
      new NoProgressSignal(config),
      new NoToolCallSignal(config),
      new InvalidCallsSignal(config),
    ];
  }

  /** Before a call runs: the identical-call check. */
  beforeCall(step: number, call: CallFacts): CallCheck {
    const check = this.identical.before(step, call);
    if (!check.hit) return { findings: [], current: null, block: check.block };
    const changed = this.record(check.hit);
    return { findings: changed ? [changed] : [], current: this.book.findingOf(check.hit), block: check.block };
  }

  /** Text of the model's reply at this step, as it streams (or whole, offline). Returns the
   * finding when the text starts looping or its loop escalates. */
  streamText(step: number, text: string): LoopFinding | null {
    const hit = this.text.feed(step, text);
    return hit ? this.record(hit) : null;
  }

  /** A finding from outside the rules (the model check), filed with the loop it overlaps. */
  external(hit: SignalHit): LoopFinding | null {
    return this.record(hit);
  }

  /** After a call ran (or was blocked: then pass the output it would have repeated). */
  afterCall(call: CallFacts, result: CallResult | null): void {
    this.identical.after(call, result);
  }

  /** After every call of a step ran: the step-level signals. Returns new or escalated findings. */
  endStep(facts: StepFacts): LoopFinding[] {
    const novelty = this.novelty.judge(facts);
    if (novelty.info) this.lastInfoStep = facts.step;
    const changed: LoopFinding[] = [];
    for (const signal of this.signals) {
      const hit = signal.observe(facts, novelty);
      const finding = hit ? this.record(hit) : null;
      if (finding) changed.push(finding);
    }
    return changed;
  }

  /** A finish with nothing changed: reported when it happens (live, before the finish runs)
   * or at the end of the run. Returns the finding when it is new. */
  emptyPatchFinish(step: number): LoopFinding | null {
    if (!this.config.emptyPatchFinish.enabled) return null;
    return this.record({
      kind: 'empty-patch-finish', episode: 1, count: 1, severity: 'warning', fromStep: step, toStep: step,
      steps: [step], summary: `the agent finished at step ${step} without changing any file`,
      nudge: 'You are finishing, but the workspace has no changes: nothing has been fixed yet. Make the change the task needs, check it, then finish.',
    });
  }

  /** At the end of a run: the empty-patch check and the verdict. */
  endRun(end: RunEnd): DetectionReport {
    if (end.finished && end.emptyPatch === true) this.emptyPatchFinish(end.lastStep);
    const findings = this.findings();
    const loops = findings.filter((finding) => isLoop(finding));
    const firstLoopAction = loops.length > 0 ? Math.min(...loops.map((finding) => finding.fromStep)) : null;
    // Judged signal by signal: a loop is open at the end when one of the signals that called
    // it a loop is still going.
    const stuck = loops.some((finding) => (finding.signals ?? [finding]).some((signal) => signal.severity !== 'notice' && this.openAtEnd(signal, end)));
    return { stuck, loop: loops.length > 0, firstLoopAction, findings };
  }

  /** The step at which a loop was first reported (warning or worse); null while none was. */
  get firstWarningStep(): number | null {
    return this.firstWarning;
  }

  /** The latest version of every finding so far, in the order the loops began. */
  findings(): LoopFinding[] {
    return this.book.findings();
  }

  /** A loop the run never got out of: nothing new was learned after its last repetition,
   * the run ended soon after it, and a run that finished wasted enough steps in it. */
  private openAtEnd(finding: Pick<FindingSignal, 'kind' | 'fromStep' | 'toStep'>, end: RunEnd): boolean {
    const { maxTail, minWastedBeforeFinish, fromStartWithin } = this.config.stuck;
    // A persisting error and a stale stretch judge progress their own way (the first across
    // new outputs, the second line by line); for them the loop reaching the end is enough.
    const ownProgress = finding.kind === 'persistent-error' || finding.kind === 'stale';
    if (!ownProgress && this.lastInfoStep >= finding.toStep) return false;
    if (end.lastStep - finding.toStep > maxTail) return false;
    if (!end.finished || finding.fromStep <= fromStartWithin) return true;
    return end.lastStep - finding.fromStep + 1 >= minWastedBeforeFinish;
  }

  /** Files the hit under its loop; returns the loop's finding when it is new or more severe. */
  private record(hit: SignalHit): LoopFinding | null {
    const changed = this.book.record(hit);
    if (this.firstWarning === null && hit.severity !== 'notice' && hit.kind !== 'empty-patch-finish') this.firstWarning = hit.toStep;
    return changed;
  }
}

/** A finding that says the run loops (not a notice, not the empty-patch check). */
export function isLoop(finding: LoopFinding): boolean {
  return finding.severity !== 'notice' && finding.kind !== 'empty-patch-finish';
}
