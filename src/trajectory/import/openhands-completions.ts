// OpenHands LLM completion logs (one file per model call: {messages, response, args, kwargs,
// timestamp, cost}; nested values are often JSON text). The last call of an attempt holds the
// whole attempt: its `messages` plus `response.choices[0].message` as the final action. The
// messages are OpenAI chat with native tool calls (execute_bash, str_replace_editor, finish...);
// `cache_control` markers (which move between calls) are dropped. OpenHands keeps these logs in
// llm_completions/<instance_id>/, so a parent folder named like an instance id is the task id.
import { basename, dirname } from 'node:path';
import { TrajectoryBuilder, usageFrom } from './builder';
import { addChatActions, openHandsObservation, readMessage, splitTask, type SourceMessage } from './chat-core';
import { asArray, asObject, asString, decodeNested, ImportFormatError, requireArray, toMillis } from './json';
import { openHandsEnd, toolSpecsOf } from './openhands-shared';
import type { Importer } from './types';

export const openHandsCompletionsImporter: Importer = {
  format: 'openhands-completions',
  detect(value) {
    const object = asObject(value);
    return !!object && Array.isArray(object.messages) && 'response' in object;
  },
  convert(value, context) {
    const log = asObject(value);
    if (!log) throw new ImportFormatError('an OpenHands completion log is a JSON object');
    const response = asObject(decodeNested(log.response));
    if (!response) throw new ImportFormatError('OpenHands completion log: "response" is missing or not an object');
    const choice = asObject(asArray(response.choices)?.[0]);
    const final = readMessage(choice?.message);
    const messages = requireArray(log.messages, 'OpenHands completion log: "messages"')
      .map(readMessage)
      .filter((message): message is SourceMessage => message !== null);
    if (final) messages.push({ ...final, role: 'assistant' });
    else throw new ImportFormatError('OpenHands completion log: the response has no message');
    const t = toMillis(log.timestamp) ?? toMillis(response.created);
    const builder = new TrajectoryBuilder({
      agent: 'openhands', format: 'openhands-completions',
      taskId: instanceFolder(context.file), taskText: splitTask(messages).text,
      model: asString(response.model) ?? null, tools: toolSpecsOf(asObject(decodeNested(log.kwargs))?.tools),
      // Only the last call's time is recorded; it stands for the run's.
      createdAt: t,
    }, context);
    addChatActions(builder, messages, {
      laterUsers: 'system', observation: openHandsObservation,
      lastUsage: usageFrom(response.usage), lastFinishReason: asString(choice?.finish_reason) ?? null, lastT: t,
    });
    return builder.finish({ ...openHandsEnd(builder, null), patch: null, t });
  },
};

/** The instance id OpenHands names the log folder after, e.g. django__django-11163. */
function instanceFolder(file: string): string | null {
  const folder = basename(dirname(file));
  return /^[\w.-]+__[\w.-]+-\d+$/.test(folder) ? folder : null;
}
