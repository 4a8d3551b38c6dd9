import type { Handler } from './context';

export const handleStartRun: Handler<'start-run'> = async (message, ctx) => {
  await ctx.run.start(message.task);
};
