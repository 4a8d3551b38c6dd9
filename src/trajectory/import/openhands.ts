// OpenHands event streams: a JSON array of events, or a record whose `history` is one (the
// evaluation harness's output.jsonl lines, the resolver's output.jsonl lines). The first user
// message is the task. Each model response is one action: actions that share a model_response
// (several tool calls in one reply) are grouped, and the response's own tool calls are used
// when recorded, so names and arguments are the real ones (execute_bash, str_replace_editor,
// think, finish...). Observations attach through `cause` (or the tool call id); an error
// observation that answers no action is a reply OpenHands rejected (a malformed call).
import type { ChatMessage } from '../../model/types';
import { makeFileEdit } from '../../tools/file-edit';
import { TrajectoryBuilder, usageFrom } from './builder';
import type { CallInput } from './calls';
import { asBoolean, asNumber, asObject, asString, at, contentText, ImportFormatError, toMillis, type JsonObject } from './json';
import {
  editOf, eventsOf, metadataOf, observationFields, responseCalls, responseMessage, responseOf, roleOf, synthesizedCall, thoughtOf,
} from './openhands-events';
import { openHandsEnd, toolSpecsOf } from './openhands-shared';
import { specsForNames } from './text-actions';
import type { Importer } from './types';

type Unit =
  | { kind: 'turn'; events: JsonObject[]; response: JsonObject | undefined }
  | { kind: 'observation' | 'user' | 'rejected'; event: JsonObject };

interface Stream {
  system: JsonObject | undefined;
  task: JsonObject | undefined;
  units: Unit[];
}

export const openHandsImporter: Importer = {
  format: 'openhands',
  detect(value) {
    const events = eventsOf(value);
    return !!events && events.length > 0 && events.some((event) => 'action' in event || 'observation' in event);
  },
  convert(value, context) {
    const events = eventsOf(value);
    if (!events || events.length === 0) throw new ImportFormatError('OpenHands: expected a list of events or a record with "history"');
    const record = asObject(value) ?? {};
    const stream = group(events);
    const taskText = stream.task ? thoughtOf(stream.task) : asString(record.instruction) ?? '';
    const maxSteps = asNumber(at(record, 'metadata', 'max_iterations')) ?? null;
    const builder = new TrajectoryBuilder({
      agent: 'openhands', format: 'openhands', taskId: taskIdOf(record), taskText,
      model: asString(at(record, 'metadata', 'llm_config', 'model')) ?? firstModel(stream) ?? null,
      createdAt: toMillis(events[0]?.timestamp), repository: repositoryOf(record), maxSteps,
      tools: toolSpecsOf(at(stream.system, 'args', 'tools')),
    }, context);
    const preamble: ChatMessage[] = [];
    const systemText = asString(at(stream.system, 'args', 'content'));
    if (systemText) preamble.push({ role: 'system', content: systemText });
    if (stream.task) preamble.push({ role: 'user', content: taskText });
    const names = emit(builder, stream.units, preamble);
    const trajectory = builder.finish({
      ...openHandsEnd(builder, asString(record.error) ?? null, maxSteps),
      patch: asString(at(record, 'test_result', 'git_patch')) ?? asString(record.git_patch) ?? null,
      resolved: asBoolean(record.success) ?? asBoolean(record.resolved) ?? asBoolean(at(record, 'test_result', 'report', 'resolved')) ?? null,
    });
    if (trajectory.header.tools.length === 0) trajectory.header.tools = specsForNames(names, 'OpenHands');
    return trajectory;
  },
};

/** Sorts events into actions (grouped by model response), observations and user messages. */
function group(events: JsonObject[]): Stream {
  const stream: Stream = { system: undefined, task: undefined, units: [] };
  const byResponse = new Map<string, Unit & { kind: 'turn' }>();
  for (const event of events) {
    if (event.action === 'system') {
      stream.system = event;
      continue;
    }
    const role = roleOf(event, stream.task === undefined);
    if (role === 'user-message') {
      if (stream.task === undefined) stream.task = event;
      else stream.units.push({ kind: 'user', event });
    } else if (role === 'agent-action') {
      const response = responseOf(event);
      const key = asString(response?.id);
      const existing = key ? byResponse.get(key) : undefined;
      if (existing) {
        existing.events.push(event);
        continue;
      }
      const unit: Unit & { kind: 'turn' } = { kind: 'turn', events: [event], response };
      if (key) byResponse.set(key, unit);
      stream.units.push(unit);
    } else if (role === 'observation') {
      const answersNothing = event.cause === undefined && metadataOf(event) === undefined && 'id' in event;
      stream.units.push({ kind: event.observation === 'error' && answersNothing ? 'rejected' : 'observation', event });
    }
  }
  return stream;
}

/** Adds the units to the builder; returns the tool names used. */
function emit(builder: TrajectoryBuilder, units: Unit[], preamble: ChatMessage[]): string[] {
  let pending = preamble;
  /** Action event id (or its position, for id-less legacy events) → source call id. */
  const callOfAction = new Map<string, string>();
  const names: string[] = [];
  let lastLegacy: string | null = null;
  units.forEach((unit, position) => {
    if (unit.kind === 'turn') {
      const calls = turnCalls(unit, position, callOfAction);
      const message = responseMessage(unit.response);
      const first = unit.events[0] as JsonObject;
      builder.turn({
        newMessages: pending, calls,
        content: message ? contentText(message.content).text : thoughtOf(first),
        reasoning: asString(message?.reasoning_content) ?? '',
        usage: usageFrom(unit.response?.usage), finishReason: asString(at(unit.response, 'choices', '0', 'finish_reason')) ?? null,
        t: toMillis(first.timestamp),
      });
      pending = [];
      names.push(...calls.map((call) => call.name));
      lastLegacy = 'id' in first ? null : calls[calls.length - 1]?.id ?? null;
    } else if (unit.kind === 'user') {
      const text = thoughtOf(unit.event);
      pending.push({ role: 'user', content: text });
      builder.userMessage(text, 'user', toMillis(unit.event.timestamp));
    } else if (unit.kind === 'rejected') {
      const fields = observationFields(unit.event);
      builder.turn({ newMessages: pending, content: null, t: toMillis(unit.event.timestamp) });
      pending = [{ role: 'user', content: fields.output }];
      builder.formatError(fields.output, toMillis(unit.event.timestamp));
    } else {
      const event = unit.event;
      const cause = event.cause !== undefined ? callOfAction.get(String(event.cause)) : undefined;
      const sourceId = cause ?? asString(metadataOf(event)?.tool_call_id) ?? lastLegacy;
      if (!sourceId) {
        builder.problem(`an observation (${String(event.observation)}) answers no recorded action; dropped`);
        return;
      }
      const fields = observationFields(event);
      if (!builder.observe(sourceId, { ...fields, t: toMillis(event.timestamp) })) return;
      pending.push({ role: 'tool', tool_call_id: builder.recordedId(sourceId) ?? sourceId, content: fields.output });
      const edit = editOf(event);
      if (edit && !fields.isError) builder.edit(sourceId, makeFileEdit(edit.path, edit.before, edit.after));
      if (!('id' in event)) lastLegacy = null;
    }
  });
  return names;
}

/** The calls of one action: the model response's own, else one per action event. */
function turnCalls(unit: Unit & { kind: 'turn' }, position: number, callOfAction: Map<string, string>): CallInput[] {
  const recorded = responseCalls(unit.response);
  const calls: CallInput[] = [];
  unit.events.forEach((event, k) => {
    const key = 'id' in event ? String(event.id) : `#${position}.${k}`;
    const sourceId = asString(metadataOf(event)?.tool_call_id) ?? `oh-${key}`;
    callOfAction.set(key, sourceId);
    if (!recorded) {
      const call = synthesizedCall(event, sourceId);
      if (call) calls.push(call);
    }
  });
  return recorded ?? calls;
}

function taskIdOf(record: JsonObject): string | null {
  const id = asString(record.instance_id) ?? asString(at(record, 'instance', 'instance_id'));
  if (id) return id;
  const owner = asString(at(record, 'issue', 'owner'));
  const repo = asString(at(record, 'issue', 'repo'));
  const number = asNumber(at(record, 'issue', 'number'));
  return owner && repo && number !== undefined ? `${owner}/${repo}#${number}` : null;
}

function repositoryOf(record: JsonObject): { remote: string | null; commit: string | null } {
  const repo = asString(at(record, 'instance', 'repo'))
    ?? (asString(at(record, 'issue', 'owner')) && asString(at(record, 'issue', 'repo')) ? `${asString(at(record, 'issue', 'owner'))}/${asString(at(record, 'issue', 'repo'))}` : undefined);
  const commit = asString(at(record, 'instance', 'base_commit')) ?? asString(record.base_commit);
  return { remote: repo ? `https://github.com/${repo}` : null, commit: commit && commit !== '' ? commit : null };
}

function firstModel(stream: Stream): string | undefined {
  for (const unit of stream.units) {
    if (unit.kind === 'turn') {
      const model = asString(unit.response?.model);
      if (model) return model;
    }
  }
  return undefined;
}
