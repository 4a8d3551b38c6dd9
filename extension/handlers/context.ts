// What a handler of a webview message may use. Handlers get it passed in; none reaches
// for a global.
import type { Log } from '../../src/host/ports';
import type { WebviewMessageOf, WebviewMessageType } from '../../src/protocol';
import type { ChatService } from '../chats/chat-service';
import type { ModelChoice } from '../chats/model-choice';
import type { ConsentPrompt } from '../consent/consent-prompt';
import type { DiffOpener } from '../diff/diff-opener';
import type { ViewApprovals } from '../ports/view-approvals';
import type { RunActions } from '../run/run-actions';
import type { RunController } from '../run/run-controller';
import type { WebviewChannel } from '../view/webview-channel';

export interface HandlerContext {
  run: RunController;
  approvals: ViewApprovals;
  channel: WebviewChannel;
  diffs: DiffOpener;
  log: Log;
  showLog(): void;
  /** Loop recoveries, restores, retries and verdicts. */
  actions: RunActions;
  consent: ConsentPrompt;
  /** Re-checks the model server on its own (and when the view gets focus). */
  connectionWatch?: { checkSoon(): void };
  /** New runs and follow-ups from the view. */
  chats: ChatService;
  /** The model picker. */
  models: ModelChoice;
}

export type Handler<K extends WebviewMessageType> = (message: WebviewMessageOf<K>, ctx: HandlerContext) => void | Promise<void>;

/** One handler per message type; a new message type without a handler does not compile. */
export type WebviewHandlers = { readonly [K in WebviewMessageType]: Handler<K> };
