import type { Handler } from './context';

export const handleCheckConnection: Handler<'check-connection'> = async (_message, ctx) => {
  await ctx.run.checkConnection();
};
