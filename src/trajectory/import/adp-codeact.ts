// CodeActInstruct samples of the agent-data-protocol collection: {id, conversations: [{role,
// content}]}. These are multi-turn CodeAct episodes (code generation, ALFWorld, HotpotQA), not
// repository tasks. After the system prompt and the task, every assistant turn is an action:
// <execute>python</execute> becomes an `execute` {code} call and <solution>…</solution> a
// `solution` {answer} call; the next user turn ("Observation: …") is the result.
import { TrajectoryBuilder } from './builder';
import { readMessage, splitTask, type SourceMessage } from './chat-core';
import { asObject, asString, ImportFormatError, requireArray } from './json';
import { CODEACT_TOOLS, codeActCalls } from './text-actions';
import type { Importer } from './types';

export const adpCodeActImporter: Importer = {
  format: 'adp-codeact',
  detect(value) {
    const object = asObject(value);
    return !!object && Array.isArray(object.conversations);
  },
  convert(value, context) {
    const run = asObject(value);
    if (!run) throw new ImportFormatError('a CodeActInstruct sample is a JSON object');
    const messages = requireArray(run.conversations, 'CodeActInstruct: "conversations"')
      .map(readMessage)
      .filter((message): message is SourceMessage => message !== null);
    const task = splitTask(messages);
    const builder = new TrajectoryBuilder({
      agent: 'codeact', format: 'adp-codeact', taskId: asString(run.id) ?? null, taskText: task.text, tools: CODEACT_TOOLS,
    }, context);
    let pending = task.preamble;
    let waiting: string[] = [];
    for (const message of messages.slice(task.next)) {
      if (message.role === 'assistant') {
        waiting = builder.turn({ newMessages: pending, content: message.content, calls: codeActCalls(message.content) });
        pending = [];
      } else if (waiting.length > 0) {
        // One observation answers the turn; with several calls it belongs to the first.
        pending.push({ role: 'tool', tool_call_id: waiting[0] as string, content: message.content });
        builder.observe(waiting[0] as string, { output: message.content.replace(/^Observation:\s*\n?/, '') });
        waiting = [];
      } else {
        pending.push({ role: 'user', content: message.content });
        if (builder.step > 0) builder.userMessage(message.content, 'system');
      }
    }
    const proposed = builder.lastCallName() === 'solution';
    return builder.finish({
      end: proposed ? 'finished' : 'aborted',
      message: proposed ? 'CodeAct: the run ends with a proposed solution' : 'CodeAct: the run ends without a solution',
      patch: null,
    });
  },
};
