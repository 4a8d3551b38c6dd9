import type { Handler } from './context';

export const handleShowLog: Handler<'show-log'> = (_message, ctx) => {
  ctx.showLog();
};
