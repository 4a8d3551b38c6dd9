// The host→webview messages that expect an answer, each mapped to its answer message. The
// pair is tied by `requestId`; everything else in the protocol is fire-and-forget.
import type { ConsentAnswerMessage, ConsentRequestMessage } from './consent-messages';
import type { ApprovalAnswerMessage } from './from-webview';
import type { ApprovalRequestMessage } from './to-webview';

export interface HostRequests {
  'approval-request': { request: ApprovalRequestMessage; response: ApprovalAnswerMessage };
  'consent-request': { request: ConsentRequestMessage; response: ConsentAnswerMessage };
}

export type HostRequestType = keyof HostRequests;
export type ResponseTo<T extends HostRequestType> = HostRequests[T]['response'];
