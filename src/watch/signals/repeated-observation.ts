// Same action, same observation: a read or command that returns the same normalised output
// again and again while nothing new is learned in between, whatever happens around it
// (typically edit → same test → same failure). Outputs are compared after masking volatile
// parts, so a polled command whose real output changes is new information each time and
// never counts. Any new information ends every count.
import type { WatchConfig } from '../config';
import type { StepFacts } from '../facts';
import { RecentMap, StepList } from '../memory';
import type { Novelty } from '../novelty';
import { CHANGE_COURSE, severityFor, stepList, times, type SignalHit, type StepSignal } from './signal';

interface Repeat {
  episode: number;
  count: number;
  /** Clean repeats after a change that were forgiven. */
  confirmations: number;
  lastStep: number;
  steps: StepList;
  label: string;
}

/** Distinct call+output pairs followed at once; more than this without any new information
 * is itself a loop the other signals report. */
const TRACKED = 256;

export class RepeatedObservationSignal implements StepSignal {
  private readonly repeats = new RecentMap<Repeat>(TRACKED);
  private episodes = 0;
  /** The last step that brought a file to a new content. */
  private lastChangeStep = 0;

  constructor(private readonly config: WatchConfig) {}

  observe(facts: StepFacts, novelty: Novelty): SignalHit | null {
    if (novelty.info) this.repeats.clear();
    if (novelty.change) this.lastChangeStep = facts.step;
    let best: Repeat | null = null;
    for (const { call, result } of facts.calls) {
      if (!result || !call.valid || (call.kind !== 'read' && call.kind !== 'execute')) continue;
      const key = `${call.signature}\0${result.output}`;
      let repeat = this.repeats.get(key);
      // The same clean output after the code changed is a check that still passes, not a
      // loop (a failing one after a change is: edit → same failure).
      if (!repeat) {
        repeat = { episode: ++this.episodes, count: 0, confirmations: 0, lastStep: 0, steps: new StepList(this.config.memory.evidenceSteps), label: call.label };
        this.repeats.set(key, repeat);
      } else if (!result.error && this.lastChangeStep > repeat.lastStep && repeat.confirmations < this.config.repeatedObservation.confirmations) {
        // A clean output that stays the same after the code changed is first of all a check
        // that still passes: the first few such repeats are forgiven. One that stays the same
        // through edit after edit is a loop all the same (exit status 0 does not mean the
        // output reports success).
        repeat.confirmations++;
        repeat.lastStep = facts.step;
        continue;
      }
      repeat.lastStep = facts.step;
      if (repeat.steps.to === facts.step && repeat.count > 0) continue;
      repeat.count++;
      repeat.steps.push(facts.step);
      if (!best || repeat.count > best.count) best = repeat;
    }
    if (!best) return null;
    const severity = severityFor(best.count, this.config.repeatedObservation);
    if (severity === null) return null;
    const steps = best.steps.steps;
    return {
      kind: 'repeated-observation',
      episode: best.episode,
      count: best.count,
      severity,
      fromStep: best.steps.from,
      toStep: facts.step,
      steps,
      summary: `${best.label} returned the same output ${times(best.count)} (${stepList(steps)}) with nothing new learned in between`,
      nudge: `${best.label} has now returned exactly the same output ${times(best.count)}, and nothing you did in between changed it. ${CHANGE_COURSE}`,
    };
  }
}
