import type { Handler } from './context';

export const handleChatSend: Handler<'chat-send'> = async (message, ctx) => {
  await ctx.chats.send(message);
};
