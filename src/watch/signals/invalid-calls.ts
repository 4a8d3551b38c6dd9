// Invalid tool-call streaks: step after step, every call the model makes is rejected (an
// unknown tool, arguments that are not JSON or break the schema, more than one action where
// one is allowed). A weak model stuck on the call format, not on the task.
import type { WatchConfig } from '../config';
import type { StepFacts } from '../facts';
import { severityFor, stepList, type SignalHit, type StepSignal } from './signal';
import { Streak } from './streak';

export class InvalidCallsSignal implements StepSignal {
  private readonly streak: Streak;
  private readonly names = new Set<string>();

  constructor(private readonly config: WatchConfig) {
    this.streak = new Streak(config.memory.evidenceSteps);
  }

  observe(facts: StepFacts): SignalHit | null {
    if (facts.calls.length === 0 || facts.calls.some(({ call }) => call.valid)) {
      this.streak.end();
      this.names.clear();
      return null;
    }
    for (const { call } of facts.calls) if (this.names.size < 3) this.names.add(call.name || '(no name)');
    this.streak.extend(facts.step);
    const count = this.streak.count;
    const severity = severityFor(count, this.config.invalidCalls);
    if (severity === null) return null;
    return {
      kind: 'invalid-call-streak',
      episode: this.streak.episode,
      count,
      severity,
      fromStep: this.streak.from,
      toStep: facts.step,
      steps: this.streak.steps,
      summary: `${count} steps in a row made only invalid tool calls (${stepList(this.streak.steps)}; ${[...this.names].join(', ')})`,
      nudge: `Your last ${count} tool calls were all invalid and did nothing. Read the error each one returned, ` +
        'check the tool name and the exact argument names and types it expects, and make one valid call.',
    };
  }
}
