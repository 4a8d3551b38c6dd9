import type { Handler } from './context';

export const handleRetryFromStep: Handler<'retry-from-step'> = async (message, ctx) => {
  await ctx.actions.retry(message.runId, message.step);
};
