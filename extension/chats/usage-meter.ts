// The live token meter of a run: each model turn's usage as the server reported it (the numbers
// the trajectory records), the run's total, and the context window they are measured against.
import type { AgentEvent } from '../../src/agent/events';
import type { ContextUsageMessage } from '../../src/protocol';

export class UsageMeter {
  private runId = '';
  private total = 0;

  constructor(private readonly contextTokens: number) {}

  observe(event: AgentEvent): ContextUsageMessage | null {
    if (event.type === 'run-started') {
      this.runId = event.runId;
      this.total = 0;
      return null;
    }
    if (event.type !== 'model-turn' || !event.usage) return null;
    this.total += event.usage.totalTokens;
    return {
      type: 'context-usage', runId: this.runId, step: event.step, promptTokens: event.usage.promptTokens,
      completionTokens: event.usage.completionTokens, runTotalTokens: this.total, contextTokens: this.contextTokens,
    };
  }
}
