import type { Handler } from './context';

export const handleRunVerdict: Handler<'run-verdict'> = async (message, ctx) => {
  await ctx.actions.verdict(message.runId, message.verdict);
};
