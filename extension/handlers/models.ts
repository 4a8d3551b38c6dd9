import type { Handler } from './context';

export const handleModelsRequest: Handler<'models-request'> = async (_message, ctx) => {
  ctx.channel.post(await ctx.models.list());
};

export const handleChooseModel: Handler<'choose-model'> = async (message, ctx) => {
  await ctx.models.choose(message.model);
  ctx.channel.post(await ctx.models.list());
};
