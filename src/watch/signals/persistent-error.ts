// The same error, persisting: a failure whose normalised error lines come back again and
// again while the agent keeps changing the code and reading new things, until the run ends
// (the miss the repeat signals cannot see: each edit and each slightly different traceback
// is "new information" to them). Occurrences are counted per error, whatever happened in
// between; an occurrence is at most one per step. A run that fixed the error stops producing
// it, so the finding ends with the last occurrence and the stuck rule asks for it to reach
// the end of the run.
import type { WatchConfig } from '../config';
import type { StepFacts } from '../facts';
import { RecentMap, StepList } from '../memory';
import { severityFor, stepList, times, type SignalHit, type StepSignal } from './signal';

interface Persisting {
  episode: number;
  count: number;
  steps: StepList;
  headline: string;
  lastStep: number;
}

const TRACKED = 256;

export class PersistentErrorSignal implements StepSignal {
  private readonly errors = new RecentMap<Persisting>(TRACKED);
  private episodes = 0;

  constructor(private readonly config: WatchConfig) {}

  observe(facts: StepFacts): SignalHit | null {
    let best: Persisting | null = null;
    for (const { result } of facts.calls) {
      if (!result?.error) continue;
      // Compared as they are: a failure whose counts or values move is responding to the edits.
      let entry = this.errors.get(result.error.exact);
      if (!entry) {
        entry = { episode: ++this.episodes, count: 0, steps: new StepList(this.config.memory.evidenceSteps), headline: result.error.headline, lastStep: 0 };
        this.errors.set(result.error.exact, entry);
      }
      if (entry.lastStep === facts.step) continue;
      entry.lastStep = facts.step;
      entry.count++;
      entry.steps.push(facts.step);
      if (!best || entry.count > best.count) best = entry;
    }
    if (!best) return null;
    const severity = severityFor(best.count, this.config.persistentError);
    if (severity === null) return null;
    const steps = best.steps.steps;
    return {
      kind: 'persistent-error',
      episode: best.episode,
      count: best.count,
      severity,
      fromStep: best.steps.from,
      toStep: facts.step,
      steps,
      summary: `the same error keeps coming back whatever changes (${times(best.count)}, ${stepList(steps)}): ${best.headline}`,
      nudge: `The same error has come back ${times(best.count)} since step ${best.steps.from}, across different changes: "${best.headline}". ` +
        'Your changes are not reaching its cause. Stop editing; find where this error is raised and why, check that the code you change is the code that runs, then change approach.',
    };
  }
}
