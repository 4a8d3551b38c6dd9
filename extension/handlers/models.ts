import type { Handler } from './context';

export const handleModelsRequest: Handler<'models-request'> = async (_message, ctx) => {
  const models = await ctx.models.list();
  ctx.channel.post(models);
  // The picker found no server: the connection line re-checks at once (a quiet check, as the
  // watch's), so it shows the whole error; the picker itself only has room for "not reachable".
  // Not during a run: the run's own requests tell.
  if (models.error !== null && !ctx.run.running) await ctx.run.checkConnection(true);
};

export const handleChooseModel: Handler<'choose-model'> = async (message, ctx) => {
  await ctx.models.choose(message.model);
  ctx.channel.post(await ctx.models.list());
};
