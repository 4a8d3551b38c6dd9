// SWE-Gym OpenHands samples of the agent-data-protocol collection (GPT-4o, 30 or 50 step cap):
// {instance_id, run_id, resolved, messages, tools, test_result}. messages are an OpenAI chat
// transcript with native tool calls (execute_bash, str_replace_editor, finish); messages[0] is
// the system prompt and [1] the task; every assistant message is one action. `resolved` is the
// dataset's flag and test_result.git_patch the final patch.
import { TrajectoryBuilder } from './builder';
import { addChatActions, openHandsObservation, readMessage, splitTask, type SourceMessage } from './chat-core';
import { asBoolean, asObject, asString, at, ImportFormatError, requireArray } from './json';
import { openHandsEnd, toolSpecsOf } from './openhands-shared';
import type { Importer } from './types';

export const adpSweGymImporter: Importer = {
  format: 'adp-swe-gym',
  detect(value) {
    const object = asObject(value);
    return !!object && Array.isArray(object.messages) && ('run_id' in object || 'test_result' in object || Array.isArray(object.tools));
  },
  convert(value, context) {
    const run = asObject(value);
    if (!run) throw new ImportFormatError('a SWE-Gym sample is a JSON object');
    const messages = requireArray(run.messages, 'SWE-Gym: "messages"')
      .map(readMessage)
      .filter((message): message is SourceMessage => message !== null);
    const runId = asString(run.run_id) ?? '';
    // OpenHands names evaluation runs "<model>_maxiter_<n>_…".
    const naming = /^(.+?)_maxiter_(\d+)/.exec(runId);
    const builder = new TrajectoryBuilder({
      agent: 'openhands', format: 'adp-swe-gym',
      taskId: asString(run.instance_id) ?? null, taskText: splitTask(messages).text,
      model: naming?.[1] ?? null, maxSteps: naming ? Number(naming[2]) : null,
      tools: toolSpecsOf(run.tools),
    }, context);
    addChatActions(builder, messages, { laterUsers: 'system', observation: openHandsObservation });
    const patch = asString(at(run, 'test_result', 'git_patch'));
    const end = openHandsEnd(builder, null, naming ? Number(naming[2]) : null);
    return builder.finish({
      ...end, patch: patch ?? null,
      resolved: asBoolean(run.resolved) ?? asBoolean(at(run, 'test_result', 'report', 'resolved')) ?? null,
    });
  },
};
