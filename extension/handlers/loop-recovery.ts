import type { Handler } from './context';

// The run's own error path reports a late click (the run ended first): RunActionError says so.
export const handleLoopRecovery: Handler<'loop-recovery'> = (message, ctx) => {
  ctx.actions.recover(message.runId, message.findingId, message.action);
};
