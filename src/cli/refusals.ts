// Counts, over one run, the edits and commands that ran and those that were refused, so a
// run that did nothing because everything was refused does not report success.
import type { AgentEvent } from '../agent/events';
import type { RiskClass } from '../host/ports';

export class RefusalCount {
  private readonly risks = new Map<string, RiskClass>();
  private allowed = 0;
  private refused = 0;
  private firstReason: string | undefined;

  readonly listener = (event: AgentEvent): void => {
    if (event.type === 'tool-call' && event.valid) this.risks.set(event.callId, event.risk);
    if (event.type !== 'approval') return;
    // Reads run freely in every mode; what counts is whether anything beyond reading ran.
    if (this.risks.get(event.callId) === 'read') return;
    if (event.approved) this.allowed++;
    else {
      this.refused++;
      this.firstReason ??= event.reason;
    }
  };

  /** One line when every edit and command was refused (at least one was tried); else undefined. */
  allRefused(): string | undefined {
    if (this.refused === 0 || this.allowed > 0) return undefined;
    const what = this.refused === 1 ? 'the one edit or command it tried was' : `all ${this.refused} edits and commands it tried were`;
    return `${what} refused${this.firstReason ? ` (${this.firstReason})` : ''}`;
  }
}
