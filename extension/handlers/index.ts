// Routes each validated webview message to its handler.
import type { WebviewMessage } from '../../src/protocol';
import { errorMessage } from '../output-log';
import { handleApprovalAnswer } from './approval-answer';
import { handleCheckConnection } from './check-connection';
import { handleConsentAnswer } from './consent-answer';
import { handleCodeAction, handleViewFocus } from './editor-actions';
import { handleLoopRecovery } from './loop-recovery';
import { handleRestoreCheckpoint } from './restore-checkpoint';
import { handleRetryFromStep } from './retry-from-step';
import { handleRunVerdict } from './run-verdict';
import type { Handler, HandlerContext, WebviewHandlers } from './context';
import { handleOpenDiff } from './open-diff';
import { handleReady } from './ready';
import { handleShowLog } from './show-log';
import { handleStartRun } from './start-run';
import { handleStopRun } from './stop-run';
import { handleChatSend } from './chat-send';
import { handleChatListRequest } from './chat-list';
import { handleChatOpen, handleChatResume } from './chat-open';
import { handleMentionSuggest } from './mention-suggest';
import { handleChooseModel, handleModelsRequest } from './models';

export const handlers: WebviewHandlers = {
  'ready': handleReady,
  'start-run': handleStartRun,
  'stop-run': handleStopRun,
  'approval-answer': handleApprovalAnswer,
  'open-diff': handleOpenDiff,
  'check-connection': handleCheckConnection,
  'show-log': handleShowLog,
  'loop-recovery': handleLoopRecovery,
  'restore-checkpoint': handleRestoreCheckpoint,
  'retry-from-step': handleRetryFromStep,
  'consent-answer': handleConsentAnswer,
  'run-verdict': handleRunVerdict,
  'code-action': handleCodeAction,
  'view-focus': handleViewFocus,
  'chat-send': handleChatSend,
  'chat-list-request': handleChatListRequest,
  'mention-suggest': handleMentionSuggest,
  'models-request': handleModelsRequest,
  'choose-model': handleChooseModel,
  'chat-open': handleChatOpen,
  'chat-resume': handleChatResume,
};

export async function dispatch(message: WebviewMessage, ctx: HandlerContext): Promise<void> {
  // TypeScript cannot correlate handlers[message.type] with message; the table's type
  // guarantees each entry takes exactly its own message type.
  const handler = handlers[message.type] as Handler<WebviewMessage['type']>;
  try {
    await handler(message, ctx);
  } catch (error) {
    ctx.log.error(`handling "${message.type}" failed: ${errorMessage(error)}`);
    ctx.channel.post({ type: 'error', message: `Crux could not handle "${message.type}": ${errorMessage(error)}`, fatal: false });
  }
}
