// A-B and A-B-C cycles: the same short sequence of steps, each with the same calls and the
// same outputs, over and over (open file A, open file B, open A...; undo, same edit, same
// test...). A step is reduced to one key (its calls' signatures and output hashes), and for
// every period p the watch keeps how many steps in a row equal the step p back: a constant
// amount of work per step however long the run.
import type { WatchConfig } from '../config';
import type { StepFacts } from '../facts';
import { shortHash } from '../normalize';
import { CHANGE_COURSE, severityFor, stepList, type SignalHit, type StepSignal } from './signal';

export class CycleSignal implements StepSignal {
  /** The last maxPeriod step keys, newest last. */
  private readonly keys: string[] = [];
  private readonly labels: string[] = [];
  /** run[p]: steps in a row whose key equals the key p steps back. */
  private readonly run: number[];
  private readonly episode: number[];
  private episodes = 0;

  constructor(private readonly config: WatchConfig) {
    this.run = new Array<number>(config.cycle.maxPeriod + 1).fill(0);
    this.episode = new Array<number>(config.cycle.maxPeriod + 1).fill(0);
  }

  observe(facts: StepFacts): SignalHit | null {
    const key = stepKey(facts);
    const label = facts.calls.map(({ call }) => call.label).join(' + ') || 'a reply without a tool call';
    const maxPeriod = this.config.cycle.maxPeriod;
    let hit: SignalHit | null = null;
    for (let p = 2; p <= maxPeriod; p++) {
      const back = this.keys.length - p;
      if (back >= 0 && this.keys[back] === key) {
        if (this.run[p] === 0) this.episode[p] = ++this.episodes;
        this.run[p] = (this.run[p] ?? 0) + 1;
      } else {
        this.run[p] = 0;
      }
      const run = this.run[p] ?? 0;
      // A period whose steps are all alike is a plain repetition, reported by other signals.
      const window = [...this.keys.slice(-(p - 1)), key];
      if (hit || run === 0 || new Set(window).size === 1) continue;
      const cycles = Math.floor((run + p) / p);
      const severity = severityFor(cycles, this.config.cycle);
      if (severity === null) continue;
      const fromStep = facts.step - run - p + 1;
      const steps = Array.from({ length: Math.min(run + p, this.config.memory.evidenceSteps) }, (_, i) => facts.step - i).reverse();
      const names = [...this.labels.slice(-(p - 1)), label].join(' → ');
      hit = {
        kind: 'cycle',
        episode: this.episode[p] ?? 0,
        count: cycles,
        severity,
        fromStep,
        toStep: facts.step,
        steps,
        summary: `the same ${p}-step cycle (${names}) repeated ${cycles} times with the same results (${stepList(steps)})`,
        nudge: `You are going round in a circle: the same ${p} steps (${names}) have now repeated ${cycles} times with the same results. ${CHANGE_COURSE}`,
      };
    }
    this.keys.push(key);
    this.labels.push(label);
    if (this.keys.length > maxPeriod) {
      this.keys.shift();
      this.labels.shift();
    }
    return hit;
  }
}

function stepKey(facts: StepFacts): string {
  if (facts.calls.length === 0) return `text:${facts.text ?? ''}`;
  return shortHash(facts.calls.map(({ call, result }) => `${call.signature}:${result?.error?.hash ?? result?.output ?? '-'}`).join('|'));
}
