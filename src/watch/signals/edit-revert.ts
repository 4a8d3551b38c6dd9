// Edit-revert: a file returns to a content it had before (an undo, or the same rewrite done
// again after undoing it), judged by the content hashes edit events carry. One return is a
// normal "that did not work, undo it"; returning again and again with nothing new learned in
// between is the agent flipping between versions.
import type { WatchConfig } from '../config';
import type { StepFacts } from '../facts';
import { RecentKeys, StepList } from '../memory';
import type { Novelty } from '../novelty';
import { CHANGE_COURSE, severityFor, stepList, times, type SignalHit, type StepSignal } from './signal';

export class EditRevertSignal implements StepSignal {
  private readonly contents: RecentKeys;
  private count = 0;
  private episode = 0;
  private steps: StepList;
  private readonly paths = new Set<string>();

  constructor(private readonly config: WatchConfig) {
    this.contents = new RecentKeys(config.memory.seen);
    this.steps = new StepList(config.memory.evidenceSteps);
  }

  observe(facts: StepFacts, novelty: Novelty): SignalHit | null {
    if (novelty.info) this.reset();
    let reverted = false;
    for (const { result } of facts.calls) {
      const change = result?.change;
      if (!change) continue;
      if (change.before !== null) this.contents.add(`${change.path}\0${change.before}`, facts.step);
      const returned = change.after !== change.before && this.contents.has(`${change.path}\0${change.after}`);
      this.contents.add(`${change.path}\0${change.after}`, facts.step);
      if (!returned) continue;
      reverted = true;
      if (this.paths.size < 3) this.paths.add(change.path);
    }
    if (!reverted) return null;
    if (this.count === 0) this.episode++;
    this.count++;
    this.steps.push(facts.step);
    const severity = severityFor(this.count, this.config.editRevert);
    if (severity === null) return null;
    const steps = this.steps.steps;
    const files = [...this.paths].join(', ');
    return {
      kind: 'edit-revert',
      episode: this.episode,
      count: this.count,
      severity,
      fromStep: this.steps.from,
      toStep: facts.step,
      steps,
      summary: `${files} went back to an earlier content ${times(this.count)} (${stepList(steps)}) with nothing new learned in between`,
      nudge: `You keep changing ${files} back to versions it already had (${times(this.count)} now): undoing and redoing the same edits. ${CHANGE_COURSE}`,
    };
  }

  private reset(): void {
    this.count = 0;
    this.steps = new StepList(this.config.memory.evidenceSteps);
    this.paths.clear();
  }
}
