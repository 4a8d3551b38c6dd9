// A run of consecutive steps that share a property (no progress, no tool call, only invalid
// calls): counted, with its steps, until a step without the property ends it.
import { StepList } from '../memory';

export class Streak {
  count = 0;
  episode = 0;
  private list: StepList;

  constructor(private readonly evidenceSteps: number) {
    this.list = new StepList(evidenceSteps);
  }

  /** Adds a step to the streak, starting a new episode when none is running. */
  extend(step: number): void {
    if (this.count === 0) {
      this.episode++;
      this.list = new StepList(this.evidenceSteps);
    }
    this.count++;
    this.list.push(step);
  }

  end(): void {
    this.count = 0;
  }

  get steps(): number[] {
    return this.list.steps;
  }

  get from(): number {
    return this.list.from;
  }
}
