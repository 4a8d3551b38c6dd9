// mini-swe-agent trajectories (`*.traj.json`, trajectory_format mini-swe-agent-1*):
// {info: {exit_status, submission, model_stats, config}, messages, instance_id}. messages[0] is
// the system prompt and [1] the task; each assistant message is one action ("THOUGHT: …" and
// one ```bash block, or native tool_calls in v2) and the next user message its observation
// (<returncode>…</returncode><output>…</output>). A reply with no or several bash blocks is a
// format error: no command ran, and the agent's reply is recorded as a system message.
import type { RunEndReason } from '../../agent/events';
import type { ChatMessage } from '../../model/types';
import { xmlFormat } from '../../model/text-tools';
import { TrajectoryBuilder, usageFrom } from './builder';
import { callsOfMessage, type CallInput } from './calls';
import { readMessage, splitTask } from './chat-core';
import { asArray, asNumber, asObject, asString, at, ImportFormatError, isObject, requireArray, toMillis } from './json';
import { BASH_TOOL, bashBlocks, bashCall, returnCodeObservation } from './text-actions';
import type { Importer } from './types';

export const miniSweAgentImporter: Importer = {
  format: 'mini-swe-agent',
  detect(value, file) {
    const object = asObject(value);
    if (!object) return false;
    if (asString(object.trajectory_format)?.startsWith('mini-swe-agent')) return true;
    return Array.isArray(object.messages) && isObject(object.info) && file.endsWith('.traj.json');
  },
  convert(value, context) {
    const run = asObject(value);
    if (!run) throw new ImportFormatError('a mini-swe-agent trajectory is a JSON object');
    const messages = requireArray(run.messages, 'mini-swe-agent: "messages"');
    const info = asObject(run.info) ?? {};
    const task = splitTask(messages.map(readMessage).filter((message) => message !== null));
    const temperature = asNumber(at(info, 'config', 'model', 'model_kwargs', 'temperature'));
    const stepLimit = asNumber(at(info, 'config', 'agent', 'step_limit'));
    const builder = new TrajectoryBuilder({
      agent: 'mini-swe-agent', format: 'mini-swe-agent',
      taskId: asString(run.instance_id) ?? null, taskText: task.text,
      model: asString(at(info, 'config', 'model', 'model_name')) ?? modelOfResponses(messages) ?? null,
      createdAt: firstResponseTime(messages),
      ...(temperature !== undefined ? { sampling: { temperature } } : {}),
      tools: [BASH_TOOL], maxSteps: stepLimit && stepLimit > 0 ? stepLimit : null,
    }, context);
    addMiniActions(builder, messages);
    const status = asString(info.exit_status);
    return builder.finish({
      end: miniEnd(status), message: status ? `mini-swe-agent exit status: ${status}` : 'mini-swe-agent recorded no exit status',
      patch: asString(info.submission) ?? null,
    });
  },
};

export function miniEnd(status: string | undefined): RunEndReason {
  if (status === undefined) return 'aborted';
  if (/^submitted/i.test(status)) return 'finished';
  if (/limit/i.test(status)) return 'step-limit';
  return 'error';
}

/** Adds the actions of a mini-swe-agent style message list (also used for mini-coder). */
export function addMiniActions(builder: TrajectoryBuilder, messages: readonly unknown[]): void {
  const parsed = messages.map(readMessage);
  const task = splitTask(parsed.filter((message) => message !== null));
  let pending: ChatMessage[] = task.preamble;
  /** The synthesized call still waiting for its observation in the next user message. */
  let waiting: string | null = null;
  let expectReply = false;
  let index = firstActionIndex(messages);
  for (; index < messages.length; index++) {
    const raw = asObject(messages[index]);
    const message = parsed[index];
    if (!raw || !message) {
      builder.problem(`message ${index} is not a chat message; skipped`);
      continue;
    }
    if (message.role === 'assistant') {
      const calls = actionCalls(raw, message.content);
      const response = asObject(at(raw, 'extra', 'response'));
      const choice = asObject(asArray(response?.choices)?.[0]);
      const ids = builder.turn({
        newMessages: pending, content: message.content,
        reasoning: message.reasoning || (asString(at(choice, 'message', 'reasoning')) ?? ''),
        calls, usage: usageFrom(response?.usage), finishReason: asString(choice?.finish_reason) ?? null,
        t: toMillis(response?.created) ?? toMillis(at(raw, 'extra', 'timestamp')),
      });
      pending = [];
      waiting = calls.length === 1 && calls[0]?.id === undefined ? (ids[0] ?? null) : null;
      expectReply = calls.length === 0;
    } else if (message.role === 'tool') {
      pending.push({ role: 'tool', tool_call_id: builder.recordedId(message.toolCallId ?? '') ?? message.toolCallId ?? '', content: message.content });
      builder.observe(message.toolCallId ?? '', returnCodeObservation(message.content));
    } else if (message.role === 'user' && waiting) {
      pending.push({ role: 'tool', tool_call_id: waiting, content: message.content });
      builder.observe(waiting, returnCodeObservation(message.content));
      waiting = null;
    } else if (message.role === 'user') {
      pending.push({ role: 'user', content: message.content });
      if (expectReply) builder.formatError(message.content);
      else builder.userMessage(message.content, 'system');
      expectReply = false;
    } else {
      builder.problem(`message ${index} has role "${message.role}"; skipped`);
    }
  }
}

/** Index of the first message after the system prompt(s) and the task. */
function firstActionIndex(messages: readonly unknown[]): number {
  let index = 0;
  while (index < messages.length && asString(asObject(messages[index])?.role) === 'system') index++;
  return asString(asObject(messages[index])?.role) === 'user' ? index + 1 : index;
}

/** The action of a reply: native tool calls, else exactly one bash block, else XML function
 * calls (mini-coder ends with <function=submit>). Several or no bash blocks: none. */
function actionCalls(raw: Record<string, unknown>, content: string): CallInput[] {
  const native = callsOfMessage(raw);
  if (native.length > 0) return native;
  const blocks = bashBlocks(content);
  if (blocks.length === 1) return [bashCall(blocks[0] as string)];
  if (blocks.length > 1) return [];
  return xmlFormat.parse(content).calls
    .filter((call) => call.parseError === undefined)
    .map((call) => ({ name: call.name, arguments: call.arguments ?? {} }));
}

function modelOfResponses(messages: readonly unknown[]): string | undefined {
  for (const message of messages) {
    const model = asString(at(message, 'extra', 'response', 'model'));
    if (model) return model;
  }
  return undefined;
}

function firstResponseTime(messages: readonly unknown[]): number | null {
  for (const message of messages) {
    const t = toMillis(at(message, 'extra', 'response', 'created')) ?? toMillis(at(message, 'extra', 'timestamp'));
    if (t !== null) return t;
  }
  return null;
}
