// nebius SWE-agent-trajectories samples of the agent-data-protocol collection (SWE-agent
// with Llama fine-tunes): {instance_id, model_name, target, trajectory, exit_status,
// generated_patch, eval_logs}. `trajectory` entries are {role: system|user|ai, text,
// system_prompt}; entries 0-1 are the system prompt and the task, each `ai` entry is an
// action (thought plus the command in the last fenced block, run in SWE-agent's shell) and the
// next `user` entry its observation. `target` is the dataset's resolved flag.
import type { ChatMessage } from '../../model/types';
import { TrajectoryBuilder } from './builder';
import { asBoolean, asObject, asString, ImportFormatError, isObject, requireArray, type JsonObject } from './json';
import { sweAgentEnd } from './swe-agent';
import { BASH_TOOL, bashCall, lastFencedBlock, stripSweAgentPrompt } from './text-actions';
import type { Importer } from './types';

export const adpNebiusImporter: Importer = {
  format: 'adp-nebius',
  detect(value) {
    const object = asObject(value);
    const entries = object && Array.isArray(object.trajectory) ? object.trajectory : undefined;
    return !!entries && entries.some((entry) => isObject(entry) && entry.role === 'ai');
  },
  convert(value, context) {
    const run = asObject(value);
    if (!run) throw new ImportFormatError('a nebius SWE-agent sample is a JSON object');
    const entries = requireArray(run.trajectory, 'nebius SWE-agent: "trajectory"').filter(isObject);
    const system = entries.find((entry) => entry.role === 'system');
    const task = entries.find((entry) => entry.role === 'user');
    const preamble: ChatMessage[] = [];
    const systemText = system ? asString(system.text) ?? asString(system.system_prompt) : undefined;
    if (systemText) preamble.push({ role: 'system', content: systemText });
    if (task) preamble.push({ role: 'user', content: asString(task.text) ?? '' });
    const builder = new TrajectoryBuilder({
      agent: 'swe-agent', format: 'adp-nebius',
      taskId: asString(run.instance_id) ?? null, taskText: task ? asString(task.text) ?? '' : '',
      model: asString(run.model_name) ?? null, tools: [BASH_TOOL],
    }, context);
    addActions(builder, entries.slice(task ? entries.indexOf(task) + 1 : 0), preamble);
    const status = asString(run.exit_status);
    return builder.finish({
      end: sweAgentEnd(status), message: status ? `SWE-agent exit status: ${status}` : 'SWE-agent recorded no exit status',
      patch: asString(run.generated_patch) ?? null,
      resolved: asBoolean(run.target) ?? null,
    });
  },
};

function addActions(builder: TrajectoryBuilder, entries: JsonObject[], preamble: ChatMessage[]): void {
  let pending = preamble;
  let waiting: string | null = null;
  for (const entry of entries) {
    const text = asString(entry.text) ?? '';
    if (entry.role === 'ai') {
      const command = lastFencedBlock(text);
      const ids = builder.turn({ newMessages: pending, content: text, calls: command !== undefined ? [bashCall(command)] : [] });
      pending = [];
      waiting = ids[0] ?? null;
      if (!waiting) builder.problem(`step ${builder.step}: the reply holds no fenced command`);
    } else if (waiting) {
      pending.push({ role: 'tool', tool_call_id: waiting, content: text });
      builder.observe(waiting, { output: stripSweAgentPrompt(text) });
      waiting = null;
    } else {
      pending.push({ role: 'user', content: text });
      if (builder.step > 0) builder.formatError(text);
    }
  }
}
