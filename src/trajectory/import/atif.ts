// ATIF v1.x documents (Harbor's Agent Trajectory Interchange Format: OpenHands, mini-swe-agent,
// Claude Code, Codex, Gemini CLI, Terminus runs through Harbor). A document Crux exported
// (extra.crux present) comes back as exactly the trajectory it was made from
// (interchange/atif-import.ts); any other is read step by step: system and user steps are the
// task and later messages, each agent step is one action whose tool calls keep their ids and
// whose observation results answer them by source_call_id.
import { contentOf } from '../interchange/atif-derive';
import { fromCruxAtif, isCruxAtif } from '../interchange/atif-import';
import type { ChatMessage, ToolSpec } from '../../model/types';
import { TrajectoryBuilder } from './builder';
import type { CallInput } from './calls';
import { asArray, asBoolean, asNumber, asObject, asString, ImportFormatError, isObject, toMillis, type JsonObject } from './json';
import { specsForNames } from './text-actions';
import type { Importer } from './types';

export const atifImporter: Importer = {
  format: 'atif',
  detect(value) {
    const object = asObject(value);
    return !!object && typeof object.schema_version === 'string' && /^ATIF-v1\./.test(object.schema_version) && Array.isArray(object.steps);
  },
  convert(value, context) {
    const document = asObject(value);
    if (!document) throw new ImportFormatError('an ATIF trajectory is a JSON object');
    const version = asString(document.schema_version);
    if (!version || !/^ATIF-v1\.\d+$/.test(version)) throw new ImportFormatError(`"schema_version" must be ATIF-v1.x (found ${JSON.stringify(document.schema_version)})`);
    const agent = asObject(document.agent);
    if (!agent || !asString(agent.name)) throw new ImportFormatError('"agent.name" is missing');
    const steps = asArray(document.steps);
    if (!steps) throw new ImportFormatError('"steps" is missing or not a list');
    const bad = steps.findIndex((step) => !isObject(step) || !['system', 'user', 'agent'].includes(String(step.source)));
    if (bad >= 0) throw new ImportFormatError(`step ${bad + 1} has no valid "source" (system, user or agent)`);
    if (isCruxAtif(document)) return fromCruxAtif(document);
    return fromForeignAtif(document, agent, steps as JsonObject[], context);
  },
};

function toolSpecs(agent: JsonObject, steps: JsonObject[]): ToolSpec[] {
  const definitions = (asArray(agent.tool_definitions) ?? []).map((definition) => {
    const fn = asObject(asObject(definition)?.function) ?? asObject(definition);
    const name = asString(fn?.name);
    return name ? { name, description: asString(fn?.description) ?? '', parameters: asObject(fn?.parameters) ?? { type: 'object' } } : null;
  }).filter((spec): spec is ToolSpec => spec !== null);
  if (definitions.length > 0) return definitions;
  const names = steps.flatMap((step) => (asArray(step.tool_calls) ?? []).map((call) => asString(asObject(call)?.function_name) ?? ''));
  return specsForNames(names.filter((name) => name !== ''), 'the imported agent');
}

function callsOf(step: JsonObject): CallInput[] {
  return (asArray(step.tool_calls) ?? []).flatMap((value): CallInput[] => {
    const call = asObject(value);
    const name = asString(call?.function_name);
    if (!call || !name) return [];
    const id = asString(call.tool_call_id);
    const args = call.arguments;
    if (typeof args === 'string') return [{ ...(id ? { id } : {}), name, argumentsText: args }];
    return [{ ...(id ? { id } : {}), name, arguments: asObject(args) ?? {} }];
  });
}

function usageOf(step: JsonObject) {
  const metrics = asObject(step.metrics);
  const prompt = asNumber(metrics?.prompt_tokens);
  const completion = asNumber(metrics?.completion_tokens);
  if (prompt === undefined && completion === undefined) return null;
  return { promptTokens: prompt ?? 0, completionTokens: completion ?? 0, totalTokens: (prompt ?? 0) + (completion ?? 0) };
}

function fromForeignAtif(document: JsonObject, agent: JsonObject, steps: JsonObject[], context: Parameters<Importer['convert']>[1]) {
  const extra = asObject(document.extra);
  const firstUser = steps.find((step) => step.source === 'user');
  const taskText = firstUser ? contentOf(firstUser.message as never).text : '';
  const builder = new TrajectoryBuilder({
    agent: asString(agent.name) as string, format: 'atif',
    taskId: asString(extra?.instance_id) ?? asString(extra?.task_id) ?? null, taskText,
    model: asString(agent.model_name) ?? null,
    createdAt: toMillis(steps[0]?.timestamp),
    tools: toolSpecs(agent, steps),
  }, context);
  let pending: ChatMessage[] = [];
  let dropped = 0;
  for (const step of steps) {
    const message = contentOf(step.message as never);
    dropped += message.dropped;
    const t = toMillis(step.timestamp);
    if (step.source !== 'agent') {
      pending.push({ role: step.source === 'system' ? 'system' : 'user', content: message.text });
      if (step.source === 'user' && builder.step > 0) builder.userMessage(message.text, 'user', t);
      continue;
    }
    builder.turn({
      newMessages: pending, content: message.text, reasoning: asString(step.reasoning_content) ?? '',
      calls: callsOf(step), usage: usageOf(step), t,
    });
    pending = [];
    for (const value of asArray(asObject(step.observation)?.results) ?? []) {
      const result = asObject(value);
      const content = contentOf(result?.content as never);
      dropped += content.dropped;
      const sourceId = asString(result?.source_call_id);
      const recorded = sourceId ? builder.recordedId(sourceId) : undefined;
      if (sourceId && recorded) {
        builder.observe(sourceId, { output: content.text, t });
        pending.push({ role: 'tool', tool_call_id: recorded, content: content.text });
      } else {
        // A result of no tool call (a non-tool action, a subagent's report): the model saw it
        // as a message.
        pending.push({ role: 'user', content: content.text });
        builder.userMessage(content.text, 'system', t);
      }
    }
  }
  if (dropped > 0) builder.problem(`${dropped} non-text content part(s) (images...) were left out`);
  const subagents = asArray(document.subagent_trajectories)?.length ?? 0;
  if (subagents > 0) builder.problem(`${subagents} embedded subagent trajectories were not imported (only the main agent's steps are)`);
  const last = steps[steps.length - 1];
  const finished = last?.source === 'agent' && (asArray(last.tool_calls)?.length ?? 0) === 0;
  const lastCall = builder.lastCallName();
  const reward = asNumber(extra?.reward);
  return builder.finish({
    end: finished || lastCall === 'finish' || lastCall === 'submit' ? 'finished' : 'aborted',
    message: 'ATIF records no outcome; the run ends with its last step',
    patch: asString(extra?.model_patch) ?? asString(extra?.patch) ?? null,
    resolved: asBoolean(extra?.resolved) ?? (reward !== undefined ? reward > 0 : null),
  });
}
