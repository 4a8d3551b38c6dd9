// Reading OpenHands event streams: which events are actions of the model, which calls they
// stand for, and what their observations say. Events look like {id, timestamp, source,
// message, action|observation, args|extras|content, cause, tool_call_metadata: {function_name,
// tool_call_id, model_response}}; older resolver histories drop id, source and metadata.
import { asArray, asNumber, asObject, asString, contentText, isObject, type JsonObject } from './json';
import { callFromOpenAi, type CallInput } from './calls';
import { openHandsExitCode } from './chat-core';

/** Bookkeeping events that are neither actions of the model nor results of its calls. */
const SKIPPED_ACTIONS = new Set(['system', 'recall', 'change_agent_state', 'condensation', 'condensation_request']);
const SKIPPED_OBSERVATIONS = new Set(['null', 'agent_state_changed', 'recall', 'condense', 'user_rejected']);

/** Tool names for actions logged without tool_call_metadata (older, non-function-calling runs). */
const LEGACY_NAMES: Record<string, string> = {
  run: 'execute_bash', run_ipython: 'execute_ipython_cell', read: 'str_replace_editor', edit: 'str_replace_editor',
  write: 'str_replace_editor', browse: 'browser', browse_interactive: 'browser', finish: 'finish', think: 'think',
};

/** Argument keys that are OpenHands bookkeeping, not what the model asked for. */
const INTERNAL_ARGS = new Set([
  'thought', 'is_confirmed', 'confirmation_state', 'security_risk', 'action_risk', 'keep_prompt', 'blocking', 'hidden',
  'impl_source', 'kernel_init_code', 'include_extra', 'image_urls', 'images_urls', 'wait_for_response', 'translated_ipython_code',
  'outputs', 'content', 'start', 'end',
]);

export type EventRole = 'agent-action' | 'user-message' | 'observation' | 'skip';

export function roleOf(event: JsonObject, isTask: boolean): EventRole {
  const action = asString(event.action);
  const observation = asString(event.observation);
  if (action !== undefined) {
    if (SKIPPED_ACTIONS.has(action) || event.source === 'environment') return 'skip';
    if (event.source === 'user' || (action === 'message' && isTask)) return 'user-message';
    return 'agent-action';
  }
  if (observation !== undefined) return SKIPPED_OBSERVATIONS.has(observation) ? 'skip' : 'observation';
  return 'skip';
}

export function metadataOf(event: JsonObject): JsonObject | undefined {
  return asObject(event.tool_call_metadata);
}

/** The model response an action came from (several actions may share one). */
export function responseOf(event: JsonObject): JsonObject | undefined {
  return asObject(metadataOf(event)?.model_response);
}

export function responseMessage(response: JsonObject | undefined): JsonObject | undefined {
  return asObject(asObject(asArray(response?.choices)?.[0])?.message);
}

/** The arguments of an action; old resolver histories store them flat on the event itself. */
function argsOf(event: JsonObject): JsonObject {
  const args = asObject(event.args);
  if (args) return args;
  if ('id' in event) return {};
  const { action: _action, ...flat } = event;
  return flat;
}

/** The text of a message action or the thought that came with a tool call. */
export function thoughtOf(event: JsonObject): string {
  const args = argsOf(event);
  if (event.action === 'message') return asString(args.content) ?? asString(event.message) ?? '';
  return asString(args.thought) ?? '';
}

/** The call an action event stands for, when the model's response is not recorded. */
export function synthesizedCall(event: JsonObject, id: string): CallInput | null {
  const action = asString(event.action) ?? '';
  if (action === 'message') return null;
  const name = asString(metadataOf(event)?.function_name) ?? LEGACY_NAMES[action] ?? action;
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(argsOf(event))) {
    if (INTERNAL_ARGS.has(key) || value === null || value === '' || (key === 'is_input' && value === false)) continue;
    args[key] = value;
  }
  if (action === 'read' && name === 'str_replace_editor' && args.command === undefined) args.command = 'view';
  if (action === 'finish' && typeof args.final_thought === 'string') {
    args.message = args.final_thought;
    delete args.final_thought;
  }
  return { id, name, arguments: args };
}

/** The calls of a recorded model response, or null when it has none. */
export function responseCalls(response: JsonObject | undefined): CallInput[] | null {
  const calls = (asArray(responseMessage(response)?.tool_calls) ?? []).map(callFromOpenAi).filter((call): call is CallInput => call !== null);
  return calls.length > 0 ? calls : null;
}

export interface ObservationFields {
  output: string;
  exitCode: number | null;
  isError: boolean;
  truncated: boolean;
}

export function observationFields(event: JsonObject): ObservationFields {
  const extras = asObject(event.extras) ?? ('id' in event ? {} : event);
  const output = typeof event.content === 'string' ? event.content : contentText(event.content).text || (asString(event.message) ?? '');
  const exitCode = asNumber(asObject(extras.metadata)?.exit_code) ?? asNumber(extras.exit_code) ?? openHandsExitCode(output);
  const failed = typeof event.success === 'boolean' ? !event.success : exitCode !== null && exitCode !== 0;
  const isError = event.observation === 'error' || failed || /^ERROR:/.test(output);
  const truncated = /<response clipped>|\[\.\.\. Observation truncated due to length \.\.\.\]/.test(output);
  return { output, exitCode, isError, truncated };
}

/** An edit whose whole new content the observation records (OpenHands' file editor does). */
export function editOf(event: JsonObject): { path: string; before: string | null; after: string } | null {
  if (event.observation !== 'edit') return null;
  const extras = asObject(event.extras) ?? {};
  const path = asString(extras.path);
  const after = asString(extras.new_content);
  if (!path || after === undefined) return null;
  // Paths are inside the sandbox's /workspace; Crux records workspace-relative paths.
  return { path: path.replace(/^\/workspace\//, ''), before: asString(extras.old_content) ?? null, after };
}

/** The events of a stream: a bare array, or the `history` of an evaluation or resolver
 * output record; very old histories hold [action, observation] pairs. */
export function eventsOf(value: unknown): JsonObject[] | undefined {
  const list = asArray(value) ?? asArray(asObject(value)?.history);
  if (!list) return undefined;
  return list.flatMap((item) => (Array.isArray(item) ? item : [item])).filter(isObject);
}
