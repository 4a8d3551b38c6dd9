import { errorMessage } from '../output-log';
import type { Handler } from './context';

export const handleOpenDiff: Handler<'open-diff'> = async (message, ctx) => {
  try {
    await ctx.diffs.open(message.path, message.diff);
  } catch (error) {
    ctx.channel.post({ type: 'error', message: `Cannot open the diff of ${message.path}: ${errorMessage(error)}`, fatal: false });
  }
};
