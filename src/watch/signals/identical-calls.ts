// Identical calls: the same canonical call (tool name + key-sorted, normalised arguments)
// several times in a row, checked BEFORE the call runs so it can be blocked. Unlike Cline and
// Roo, which count identical calls alone, a repeat only warns when the earlier repeats all
// returned the same output: polling a long-running command whose output changes is a notice,
// never a loop.
import type { WatchConfig } from '../config';
import type { CallFacts, CallResult } from '../facts';
import { CHANGE_COURSE, severityFor, stepList, times, type SignalHit } from './signal';
import { StepList } from '../memory';

export interface IdenticalCallCheck {
  hit: SignalHit | null;
  /** Set when the call should not run: its earlier identical runs all gave the same output. */
  block: string | null;
}

export class IdenticalCallsSignal {
  private signature: string | null = null;
  private count = 0;
  private episode = 0;
  private steps = new StepList(24);
  /** Output of the previous run of this call; null before it has run. */
  private lastOutput: string | null = null;
  private sameOutput = true;

  constructor(private readonly config: WatchConfig) {}

  before(step: number, call: CallFacts): IdenticalCallCheck {
    if (call.signature !== this.signature) {
      this.signature = call.signature;
      this.count = 0;
      this.episode++;
      this.steps = new StepList(this.config.memory.evidenceSteps);
      this.lastOutput = null;
      this.sameOutput = true;
    }
    this.count++;
    this.steps.push(step);
    const thresholds = this.config.identicalCalls;
    const severity = severityFor(this.count, thresholds);
    if (severity === null) return { hit: null, block: null };
    // Only the earlier repeats' outputs are known now: they must all agree (with the default
    // warnAt of 3 that is two outputs compared).
    const repeatsAgree = this.sameOutput && this.lastOutput !== null;
    // Only calls that cannot give another answer unless something changed (reads, edits) are
    // held back; a command may be waiting on something outside (a build, a server), so it is
    // warned about and, if it goes on, stopped, but never silently skipped.
    const block = repeatsAgree && call.kind !== 'execute' && thresholds.blockAt > 0 && this.count >= thresholds.blockAt
      ? `Not run: this is the ${ordinal(this.count)} identical ${call.label} in a row, and every earlier run returned the same output. ` +
        `Running it again would return it again. ${CHANGE_COURSE}`
      : null;
    const steps = this.steps.steps;
    const hit: SignalHit = {
      kind: 'identical-calls',
      episode: this.episode,
      count: this.count,
      severity: repeatsAgree ? severity : 'notice',
      fromStep: this.steps.from,
      toStep: step,
      steps,
      summary: repeatsAgree
        ? `${call.label} called ${times(this.count)} in a row (${stepList(steps)}) with the same result each time`
        : `${call.label} called ${times(this.count)} in a row (${stepList(steps)}); its output changes, so this looks like polling`,
      nudge: `You have made the same call, ${call.label}, ${times(this.count)} in a row, and it returned the same output each time. ${CHANGE_COURSE}`,
    };
    return { hit, block };
  }

  after(call: CallFacts, result: CallResult | null): void {
    if (call.signature !== this.signature || result === null) return;
    if (this.lastOutput !== null && result.output !== this.lastOutput) this.sameOutput = false;
    this.lastOutput = result.output;
  }
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}
