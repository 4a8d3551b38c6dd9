// Stale: steps in a row that taught the agent (almost) nothing new, judged line by line. The
// no-progress signal compares whole outputs, so varied commands that re-read the same things
// (grep, then sed over the same lines, then cat of the same file) look new to it; here a step
// counts as stale when its outputs hold at most `maxNewLines` lines never seen before in the
// run and those are at most `maxNewPercent` of its lines (a short output that is all new, a
// one-line probe, taught something), it changed no file to a new content and it raised no
// new error.
import type { WatchConfig } from '../config';
import type { StepFacts } from '../facts';
import type { Novelty } from '../novelty';
import { severityFor, stepList, type SignalHit, type StepSignal } from './signal';
import { Streak } from './streak';

export class StaleSignal implements StepSignal {
  private readonly streak: Streak;

  constructor(private readonly config: WatchConfig) {
    this.streak = new Streak(config.memory.evidenceSteps);
  }

  observe(facts: StepFacts, novelty: Novelty): SignalHit | null {
    const { maxNewLines, maxNewPercent } = this.config.stale;
    const learned = novelty.newLines > maxNewLines || novelty.newLines * 100 > maxNewPercent * novelty.lines;
    if (novelty.change || novelty.error || learned) {
      this.streak.end();
      return null;
    }
    this.streak.extend(facts.step);
    const count = this.streak.count;
    const severity = severityFor(count, this.config.stale);
    if (severity === null) return null;
    return {
      kind: 'stale',
      episode: this.streak.episode,
      count,
      severity,
      fromStep: this.streak.from,
      toStep: facts.step,
      steps: this.streak.steps,
      summary: `${count} steps in a row (from step ${this.streak.from}) showed almost nothing not already seen: no new output lines, no new file content, no new error`,
      nudge: `Your last ${count} steps (${stepList(this.streak.steps)}) only showed you things you had already seen, with different commands. ` +
        'Stop re-reading: write down what you know and what is missing, then take one action that gets the missing piece (or make the change, or finish).',
    };
  }
}
