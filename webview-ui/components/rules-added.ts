// One line in a run when a nested AGENTS.md was given to the model: which file, the folder it
// applies to, and that it came with the result of the call that started working there (the
// model reads it from then on).
import type { HostMessageOf } from '../../src/protocol/index';
import { h } from '../dom';

export function rulesAddedLine(message: HostMessageOf<'rules-added'>): HTMLElement {
  const size = `${message.chars.toLocaleString('en-US')} characters${message.truncated ? ', cut' : ''}`;
  return h('div', {
    className: 'notice rules-added muted',
    attrs: { 'role': 'status', 'data-rules-path': message.path, 'data-call-id': message.callId },
  }, `Rules: ${message.path} applies to ${message.folder}/ · given with the result of step ${message.step} (${size})`);
}
