// A one-line entry in the transcript: an error, or a message added to the conversation
// (the user's, a loop-watch nudge, a reminder from the agent).
import type { ErrorMessage, UserMessageMessage } from '../../src/protocol/index';
import { h } from '../dom';

export function errorNotice(message: ErrorMessage): HTMLElement {
  return h('div', { className: `notice notice-error${message.fatal ? ' fatal' : ''}`, attrs: { role: 'alert' } },
    h('strong', { text: message.fatal ? 'Error: ' : 'Problem: ' }), message.message);
}

const SOURCE_LABEL: Record<UserMessageMessage['source'], string> = { user: 'You', nudge: 'Loop watch', system: 'Crux' };

export function userMessageNotice(message: UserMessageMessage): HTMLElement {
  return h('div', { className: `notice notice-${message.source}` }, h('strong', { text: `${SOURCE_LABEL[message.source]}: ` }), message.text);
}
