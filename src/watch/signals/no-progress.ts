// No progress: a stretch of steps that brought no new information, no new file content and
// no new error (re-reading the same files, re-running the same test after no-op edits,
// varied actions that all come back with things already seen). The count is of steps, not
// of any one repeated action, so it catches loops too varied for the repeat signals.
import type { WatchConfig } from '../config';
import type { StepFacts } from '../facts';
import type { Novelty } from '../novelty';
import { severityFor, stepList, type SignalHit, type StepSignal } from './signal';
import { Streak } from './streak';

export class NoProgressSignal implements StepSignal {
  private readonly streak: Streak;

  constructor(private readonly config: WatchConfig) {
    this.streak = new Streak(config.memory.evidenceSteps);
  }

  observe(facts: StepFacts, novelty: Novelty): SignalHit | null {
    if (novelty.info || novelty.change || novelty.error) {
      this.streak.end();
      return null;
    }
    this.streak.extend(facts.step);
    const count = this.streak.count;
    const severity = severityFor(count, this.config.noProgress);
    if (severity === null) return null;
    return {
      kind: 'no-progress',
      episode: this.streak.episode,
      count,
      severity,
      fromStep: this.streak.from,
      toStep: facts.step,
      steps: this.streak.steps,
      summary: `${count} steps in a row (from step ${this.streak.from}) brought no new information, no new file content and no new error`,
      nudge: `Your last ${count} steps (${stepList(this.streak.steps)}) produced nothing new: every output and error was one you had already seen, and no file reached a new content. ` +
        'Step back: summarise what you know, decide what information is missing, and get it with a different action, or finish if the task is done.',
    };
  }
}
