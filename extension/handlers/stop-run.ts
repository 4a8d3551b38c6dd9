import type { Handler } from './context';

export const handleStopRun: Handler<'stop-run'> = (_message, ctx) => {
  ctx.run.stop();
};
