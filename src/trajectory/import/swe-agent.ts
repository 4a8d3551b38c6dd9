// SWE-agent trajectories (`*.traj`): {trajectory: [{action, observation, response, thought,
// state, execution_time, query|messages}], history: [{role, content, message_type, agent,
// tool_calls, is_demo...}], info: {exit_status, submission, model_stats}, replay_config}.
// `trajectory[i]` is action i+1 (it keeps failed format attempts, which `history` drops), so
// actions come from there; history supplies what the model saw and, for function-calling
// configs, the real tool names and arguments. Thought/action configs run their commands in
// SWE-agent's shell (its `open`, `edit`, `submit` are shell functions there), so each becomes a
// `bash` {command} call.
import { basename } from 'node:path';
import type { RunEndReason } from '../../agent/events';
import type { ChatMessage } from '../../model/types';
import { TrajectoryBuilder } from './builder';
import { callsOfMessage, type CallInput } from './calls';
import { asArray, asNumber, asObject, asString, at, contentText, ImportFormatError, isObject, type JsonObject } from './json';
import { BASH_TOOL, bashCall, lastFencedBlock, specsForNames, stripSweAgentPrompt } from './text-actions';
import type { Importer } from './types';

export const sweAgentImporter: Importer = {
  format: 'swe-agent',
  detect(value, file) {
    const object = asObject(value);
    if (!object) return false;
    const steps = asArray(object.trajectory);
    if (steps?.some((step) => isObject(step) && 'action' in step && 'observation' in step)) return true;
    return file.endsWith('.traj') && (asArray(object.history) ?? []).some((message) => isObject(message) && typeof message.role === 'string');
  },
  convert(value, context) {
    const run = asObject(value);
    if (!run) throw new ImportFormatError('a SWE-agent trajectory is a JSON object');
    const steps = (asArray(run.trajectory) ?? []).filter(isObject);
    const history = conversation(run);
    if (steps.length === 0 && history.length === 0) throw new ImportFormatError('SWE-agent: neither "trajectory" nor "history" holds any step');
    const task = history.find((message) => message.role === 'user');
    const builder = new TrajectoryBuilder({
      agent: 'swe-agent', format: 'swe-agent',
      taskId: asString(at(run, 'replay_config', 'problem_statement', 'id')) ?? basename(context.file).replace(/\.traj$/, ''),
      taskText: task ? text(task) : asString(at(run, 'replay_config', 'problem_statement', 'text')) ?? '',
      model: asString(at(run, 'replay_config', 'agent', 'model', 'name')) ?? null,
      repository: repository(run),
      tools: toolSpecs(history),
    }, context);
    if (steps.length > 0) addSteps(builder, steps, history);
    else addHistoryOnly(builder, history);
    const status = asString(at(run, 'info', 'exit_status'));
    const sent = asNumber(at(run, 'info', 'model_stats', 'tokens_sent')) ?? 0;
    const received = asNumber(at(run, 'info', 'model_stats', 'tokens_received')) ?? 0;
    return builder.finish({
      end: sweAgentEnd(status), message: status ? `SWE-agent exit status: ${status}` : 'SWE-agent recorded no exit status',
      patch: asString(at(run, 'info', 'submission')) ?? null,
      ...(sent + received > 0 ? { usage: { promptTokens: sent, completionTokens: received, totalTokens: sent + received } } : {}),
    });
  },
};

export function sweAgentEnd(status: string | undefined): RunEndReason {
  if (status === undefined || status === '') return 'aborted';
  if (status === 'submitted') return 'finished';
  if (/cost|context|limit|time/i.test(status)) return 'step-limit';
  if (/^submitted/.test(status)) return 'finished';
  return 'error';
}

/** The main agent's messages without demonstrations (older files keep them in history). */
function conversation(run: JsonObject): JsonObject[] {
  const all = (asArray(run.history) ?? asArray(run.messages) ?? []).filter(isObject);
  const agent = asString(all[0]?.agent);
  return all.filter((message) => message.is_demo !== true && (agent === undefined || message.agent === undefined || message.agent === agent));
}

function addSteps(builder: TrajectoryBuilder, steps: JsonObject[], history: JsonObject[]): void {
  let cursor = 0;
  let previous = -1;
  let lastCall: string | null = null;
  for (const step of steps) {
    const action = (asString(step.action) ?? '').trimEnd();
    const paired = findAssistant(history, cursor, action);
    let newMessages: ChatMessage[] = [];
    if (paired >= 0) {
      newMessages = history.slice(previous + 1, paired).map((message, k) => toChat(message, k === 0 ? lastCall : null, builder));
      previous = paired;
      cursor = paired + 1;
    } else if (history.length > 0) {
      builder.problem(`step ${builder.step + 1}: no history message matches this trajectory step, so its prompt is not recorded`);
    }
    const message = paired >= 0 ? history[paired] : undefined;
    const native = message ? callsOfMessage(message) : [];
    const calls: CallInput[] = native.length > 0 ? native : action !== '' ? [bashCall(action)] : [];
    const response = asString(step.response) ?? (message ? text(message) : '');
    const ids = builder.turn({ newMessages, content: response, calls });
    // The next history observation answers the last step that history knows about.
    if (paired >= 0) lastCall = native.length === 0 && ids.length === 1 ? (ids[0] as string) : null;
    const observation = stripSweAgentPrompt(asString(step.observation) ?? '');
    const seconds = asNumber(step.execution_time);
    if (calls.length === 0) builder.formatError(observation);
    else builder.observe(calls[0]?.id ?? (ids[0] as string), { output: observation, durationMs: seconds !== undefined ? Math.round(seconds * 1000) : null });
  }
}

/** A history-only file: each assistant message is an action, the next message its result. */
function addHistoryOnly(builder: TrajectoryBuilder, history: JsonObject[]): void {
  let pending: ChatMessage[] = [];
  let waiting: string | null = null;
  for (const message of history) {
    const role = asString(message.role);
    if (role !== 'assistant') {
      const chat = toChat(message, waiting, builder);
      pending.push(chat);
      if (waiting) builder.observe(waiting, { output: stripSweAgentPrompt(text(message)) });
      waiting = null;
      continue;
    }
    const native = callsOfMessage(message);
    const action = asString(message.action) ?? lastFencedBlock(text(message));
    const calls = native.length > 0 ? native : action ? [bashCall(action)] : [];
    const ids = builder.turn({ newMessages: pending, content: text(message), calls });
    pending = [];
    waiting = calls.length > 0 ? (calls[0]?.id ?? (ids[0] as string)) : null;
  }
}

/** The next assistant message (within a short look-ahead) whose action is this step's. */
function findAssistant(history: JsonObject[], from: number, action: string): number {
  let seen = 0;
  for (let i = from; i < history.length && seen < 3; i++) {
    if (history[i]?.role !== 'assistant') continue;
    seen++;
    if ((asString(history[i]?.action) ?? '').trimEnd() === action) return i;
  }
  return -1;
}

/** A history message as the model saw it; the observation of a synthesized call becomes its
 * tool result so the conversation stays a valid tool-call transcript. */
function toChat(message: JsonObject, lastCall: string | null, builder: TrajectoryBuilder): ChatMessage {
  const role = asString(message.role);
  const content = text(message);
  if (role === 'system') return { role: 'system', content };
  if (role === 'assistant') return { role: 'assistant', content };
  const ids = asArray(message.tool_call_ids);
  const sourceId = asString(ids?.[0]);
  if (role === 'tool' && sourceId) return { role: 'tool', tool_call_id: builder.recordedId(sourceId) ?? sourceId, content };
  if (lastCall && asString(message.message_type) !== 'system_prompt') return { role: 'tool', tool_call_id: lastCall, content };
  return { role: 'user', content };
}

function text(message: JsonObject): string {
  return contentText(message.content).text;
}

function toolSpecs(history: JsonObject[]) {
  const names = history.flatMap((message) => (message.role === 'assistant' ? callsOfMessage(message).map((call) => call.name) : []));
  return names.length > 0 ? specsForNames(names, 'SWE-agent') : [BASH_TOOL];
}

function repository(run: JsonObject): { remote: string | null; commit: string | null } {
  const remote = asString(at(run, 'replay_config', 'env', 'repo', 'github_url')) ?? null;
  const commit = asString(at(run, 'replay_config', 'env', 'repo', 'base_commit'));
  return { remote, commit: commit && commit !== 'HEAD' ? commit : null };
}
