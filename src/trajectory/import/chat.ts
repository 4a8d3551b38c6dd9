// Plain OpenAI chat transcripts: a JSON array of messages (system, user, assistant with
// tool_calls, tool), an object {messages: [...]}, or JSON Lines with one message per line
// (the loader hands those over as an array). Leading system messages and the first user
// message are the task; every later assistant message is one action. Tool names and
// arguments are kept as written.
import { TrajectoryBuilder } from './builder';
import { addChatActions, readMessage, splitTask, type SourceMessage } from './chat-core';
import { asArray, asObject, asString, ImportFormatError, isObject } from './json';
import { specsForNames } from './text-actions';
import type { Importer } from './types';

export const chatImporter: Importer = {
  format: 'chat',
  detect(value) {
    const list = messagesOf(value);
    return !!list && list.length > 0 && list.every((message) => isObject(message) && typeof message.role === 'string');
  },
  convert(value, context) {
    const list = messagesOf(value);
    if (!list) throw new ImportFormatError('a chat transcript is a list of messages or an object with "messages"');
    const messages = list.map(readMessage);
    const bad = messages.findIndex((message) => message === null);
    if (bad >= 0) throw new ImportFormatError(`chat: message ${bad + 1} has no "role"`);
    const valid = messages as SourceMessage[];
    if (!valid.some((message) => message.role === 'assistant')) throw new ImportFormatError('chat: the transcript has no assistant message');
    const object = asObject(value);
    const builder = new TrajectoryBuilder({
      agent: 'chat', format: 'chat',
      taskId: asString(object?.instance_id) ?? asString(object?.id) ?? null, taskText: splitTask(valid).text,
      model: asString(object?.model) ?? null,
      tools: specsForNames(valid.flatMap((message) => message.calls.map((call) => call.name)), 'the imported agent'),
    }, context);
    addChatActions(builder, valid, { laterUsers: 'user' });
    const last = builder.lastCallName();
    return builder.finish({
      end: last === 'finish' ? 'finished' : 'aborted',
      message: last === 'finish' ? 'the transcript ends with a finish call' : 'the transcript records no outcome',
      patch: null,
    });
  },
};

function messagesOf(value: unknown): unknown[] | undefined {
  return asArray(value) ?? asArray(asObject(value)?.messages);
}
