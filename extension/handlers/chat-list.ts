import type { Handler } from './context';

export const handleChatListRequest: Handler<'chat-list-request'> = async (_message, ctx) => {
  ctx.channel.post({ type: 'chat-list', chats: await ctx.chats.list() });
};
