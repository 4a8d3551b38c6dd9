// Before a run records anything: the workspace's consent, asked for on its first run.
import type { ConsentLevel } from '../../src/trajectory/format';
import type { ConsentPrompt } from './consent-prompt';
import type { ConsentStore } from './consent-store';

export class ConsentGate {
  constructor(
    private readonly store: ConsentStore,
    private readonly prompt: ConsentPrompt,
    /** The trajectory store's folder, named in the question. */
    private readonly storage: () => string | undefined,
  ) {}

  /** The level for this run; asks when the workspace has none yet. A question closed without
   * an answer records nothing this time and asks again next run; 'cancelled': the run stopped. */
  async levelForRun(signal: AbortSignal): Promise<ConsentLevel | 'cancelled'> {
    const level = this.store.level;
    if (level) return level;
    const answer = await this.prompt.ask(this.storage() ?? "this workspace's storage", signal);
    if (answer === 'cancelled') return 'cancelled';
    if (answer === 'dismissed') return 'off';
    await this.store.set(answer);
    return answer;
  }
}
