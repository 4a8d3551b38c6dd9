import type { Handler } from './context';

export const handleApprovalAnswer: Handler<'approval-answer'> = (message, ctx) => {
  // A late click (the run stopped, or the dialog answered first) has nothing to settle.
  if (!ctx.approvals.answer(message.requestId, message.decision, message.reason)) {
    ctx.log.debug(`approval ${message.requestId}: answered after it closed`);
    ctx.channel.post({ type: 'approval-closed', requestId: message.requestId, outcome: 'cancelled' });
  }
};
