// mini-coder samples of the agent-data-protocol collection (Qwen3-Coder-30B runs in
// mini-swe-agent style): {messages, patch, model, instance_id, verified, id}. The messages
// read exactly like mini-swe-agent's (THOUGHT + one bash block, <returncode>/<output>
// observations); the run usually ends with an XML <function=submit> call. `verified` is the
// dataset's success flag.
import { TrajectoryBuilder } from './builder';
import { readMessage, splitTask } from './chat-core';
import { asBoolean, asObject, asString, ImportFormatError, requireArray } from './json';
import { addMiniActions } from './mini-swe-agent';
import { BASH_TOOL } from './text-actions';
import type { Importer } from './types';

export const adpMiniCoderImporter: Importer = {
  format: 'adp-mini-coder',
  detect(value) {
    const object = asObject(value);
    return !!object && Array.isArray(object.messages) && ('verified' in object || typeof object.patch === 'string') && !('run_id' in object);
  },
  convert(value, context) {
    const run = asObject(value);
    if (!run) throw new ImportFormatError('a mini-coder sample is a JSON object');
    const messages = requireArray(run.messages, 'mini-coder: "messages"');
    const task = splitTask(messages.map(readMessage).filter((message) => message !== null));
    const builder = new TrajectoryBuilder({
      agent: 'mini-coder', format: 'adp-mini-coder',
      taskId: asString(run.instance_id) ?? asString(run.id) ?? null, taskText: task.text,
      model: asString(run.model) ?? null, tools: [BASH_TOOL],
    }, context);
    addMiniActions(builder, messages);
    const submitted = builder.lastCallName() === 'submit';
    return builder.finish({
      end: submitted ? 'finished' : 'aborted',
      message: submitted ? 'mini-coder: the run ends with submit' : 'mini-coder: the run ends without submit',
      patch: asString(run.patch) ?? null,
      resolved: asBoolean(run.verified) ?? null,
    });
  },
};

