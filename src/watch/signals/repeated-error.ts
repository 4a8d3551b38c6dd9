// The same error repeated: the same normalised error lines come back, from the same call or
// from different ones (edits a linter keeps rejecting with the same message, a script that
// fails the same way after every fix). New information ends the count, so a failure that
// recurs while the agent is still learning something (debug output changes) is not a loop.
// One exception: the agent's own mistakes (an edit or call the tool refused) are not fixed by
// learning something elsewhere; the same refusal again within a few steps continues the count.
import type { WatchConfig } from '../config';
import type { StepFacts } from '../facts';
import { RecentMap, StepList } from '../memory';
import type { Novelty } from '../novelty';
import { CHANGE_COURSE, severityFor, stepList, times, type SignalHit, type StepSignal } from './signal';

interface Repeat {
  episode: number;
  count: number;
  lastStep: number;
  steps: StepList;
  headline: string;
  labels: Set<string>;
}

const TRACKED = 256;
/** Different calls named in evidence. */
const MAX_LABELS = 3;

export class RepeatedErrorSignal implements StepSignal {
  private readonly repeats = new RecentMap<Repeat>(TRACKED);
  private episodes = 0;
  private lastInfoStep = 0;

  constructor(private readonly config: WatchConfig) {}

  observe(facts: StepFacts, novelty: Novelty): SignalHit | null {
    if (novelty.info) this.lastInfoStep = facts.step;
    let best: Repeat | null = null;
    for (const { call, result } of facts.calls) {
      if (!result?.error) continue;
      const mistake = call.kind === 'edit' || !call.valid;
      let repeat = this.repeats.get(result.error.hash);
      if (!repeat || !this.continues(repeat, facts.step, mistake)) {
        repeat = {
          episode: ++this.episodes, count: 0, lastStep: facts.step, steps: new StepList(this.config.memory.evidenceSteps),
          headline: result.error.headline, labels: new Set(),
        };
        this.repeats.set(result.error.hash, repeat);
      }
      repeat.lastStep = facts.step;
      if (repeat.labels.size < MAX_LABELS) repeat.labels.add(call.label);
      if (repeat.steps.to === facts.step && repeat.count > 0) continue;
      repeat.count++;
      repeat.steps.push(facts.step);
      if (!best || repeat.count > best.count) best = repeat;
    }
    if (!best) return null;
    const severity = severityFor(best.count, this.config.repeatedError);
    if (severity === null) return null;
    const steps = best.steps.steps;
    const calls = [...best.labels].join(', ');
    return {
      kind: 'repeated-error',
      episode: best.episode,
      count: best.count,
      severity,
      fromStep: best.steps.from,
      toStep: facts.step,
      steps,
      summary: `the same error came back ${times(best.count)} (${stepList(steps)}, from ${calls}): ${best.headline}`,
      nudge: `The same error has now come back ${times(best.count)}: "${best.headline}". ` +
        `What you changed in between did not affect it. ${CHANGE_COURSE}`,
    };
  }

  /** Whether an occurrence at this step continues the earlier ones: nothing new was learned
   * since the last, or it is the same mistake again soon after. */
  private continues(repeat: Repeat, step: number, mistake: boolean): boolean {
    if (this.lastInfoStep <= repeat.lastStep) return true;
    return mistake && step - repeat.lastStep <= this.config.repeatedError.mistakeGap;
  }
}
