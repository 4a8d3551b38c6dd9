import type { Handler } from './context';

export const handleConsentAnswer: Handler<'consent-answer'> = (message, ctx) => {
  // A late click (the run stopped, or the dialog answered first) has nothing to settle.
  if (!ctx.consent.answer(message.requestId, message.level)) {
    ctx.channel.post({ type: 'consent-closed', requestId: message.requestId, outcome: 'cancelled' });
  }
};
