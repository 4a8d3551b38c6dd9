// The page loaded and listens: send it the state, then whatever was queued meanwhile.
import { PROTOCOL_VERSION } from '../../src/protocol';
import type { Handler } from './context';

export const handleReady: Handler<'ready'> = (message, ctx) => {
  if (message.protocolVersion !== PROTOCOL_VERSION) {
    // A page from another build (an old bundle still loaded): its parser will reject what
    // it does not know, so the log tells the user the one fix.
    ctx.log.warn(`webview speaks protocol ${message.protocolVersion}, the extension ${PROTOCOL_VERSION}: reload the window`);
  }
  ctx.channel.open({ type: 'init', protocolVersion: PROTOCOL_VERSION, state: ctx.run.state });
  // The server may have started or stopped while the view was closed.
  if (!ctx.run.running) void ctx.run.checkConnection();
};
