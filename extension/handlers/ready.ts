// The page loaded and listens: send it the state, the chat it shows (rebuilt after a reload of
// the window or the view), then whatever was queued meanwhile.
import { PROTOCOL_VERSION } from '../../src/protocol';
import type { Handler } from './context';

export const handleReady: Handler<'ready'> = async (message, ctx) => {
  if (message.protocolVersion !== PROTOCOL_VERSION) {
    // A page from another build (an old bundle still loaded): its parser will reject what
    // it does not know, so the log tells the user the one fix.
    ctx.log.warn(`webview speaks protocol ${message.protocolVersion}, the extension ${PROTOCOL_VERSION}: reload the window`);
  }
  const target = ctx.chats.restoreTarget(message.chatRunId, ctx.channel.unseenRun);
  const transcript = target ? await ctx.chats.prepareTranscript(target).catch((error: unknown) => {
    ctx.log.warn(`chat: could not show run ${target} again: ${String(error)}`);
    return undefined;
  }) : undefined;
  // The text streamed in the last frame is in the run's memory: sent now, it is dropped with
  // the queue the transcript replaces.
  if (transcript) ctx.run.flushStream();
  ctx.channel.open({ type: 'init', protocolVersion: PROTOCOL_VERSION, state: ctx.run.state }, transcript);
  // Questions the run waits on were shown by the page that is gone.
  if (transcript && ctx.run.running) ctx.approvals.repost();
  // The server may have started or stopped while the view was closed.
  if (!ctx.run.running) void ctx.run.checkConnection();
};
