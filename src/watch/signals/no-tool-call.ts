// Replies with no tool call: the model talks (or thinks aloud) instead of acting, turn after
// turn. OpenHands calls this a monologue and requires the texts to be identical; here any run
// of replies without a call counts, and the evidence says when the texts were identical.
import type { WatchConfig } from '../config';
import type { StepFacts } from '../facts';
import { severityFor, stepList, type SignalHit, type StepSignal } from './signal';
import { Streak } from './streak';

export class NoToolCallSignal implements StepSignal {
  private readonly streak: Streak;
  private firstText: string | null = null;
  private identical = true;

  constructor(private readonly config: WatchConfig) {
    this.streak = new Streak(config.memory.evidenceSteps);
  }

  observe(facts: StepFacts): SignalHit | null {
    if (facts.calls.length > 0) {
      this.streak.end();
      return null;
    }
    if (this.streak.count === 0) {
      this.firstText = facts.text;
      this.identical = true;
    } else if (facts.text !== this.firstText) {
      this.identical = false;
    }
    this.streak.extend(facts.step);
    const count = this.streak.count;
    const severity = severityFor(count, this.config.noToolCall);
    if (severity === null) return null;
    const same = this.identical ? ', each with the same text' : '';
    return {
      kind: 'no-tool-call',
      episode: this.streak.episode,
      count,
      severity,
      fromStep: this.streak.from,
      toStep: facts.step,
      steps: this.streak.steps,
      summary: `${count} replies in a row without a tool call (${stepList(this.streak.steps)})${same}`,
      nudge: `Your last ${count} replies contained no tool call, so nothing happened. ` +
        'Act now: call one of the tools to make progress, or call finish if the task is complete.',
    };
  }
}
