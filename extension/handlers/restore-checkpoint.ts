import type { Handler } from './context';

export const handleRestoreCheckpoint: Handler<'restore-checkpoint'> = async (message, ctx) => {
  await ctx.actions.restore(message.runId, message.callId);
};
