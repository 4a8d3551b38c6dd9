// A chat picked from Recent chats is shown again; Resume continues an interrupted run (shown
// first, so the run goes on under its own transcript, wherever it was picked).
import type { Handler } from './context';

export const handleChatOpen: Handler<'chat-open'> = async (message, ctx) => {
  const build = await ctx.chats.prepareTranscript(message.runId);
  ctx.channel.post(build());
};

export const handleChatResume: Handler<'chat-resume'> = async (message, ctx) => {
  await ctx.chats.resumeShown(message.runId, (transcript) => ctx.channel.post(transcript));
};
