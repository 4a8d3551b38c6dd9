// Runs as rows of the Hugging Face trajectory datasets (nebius SWE-rebench-openhands-trajectories,
// nvidia Open-SWE-Traces): one row per run with the whole conversation as chat `messages`
// (assistant tool_calls, tool results), the tool schemas, the outcome (`resolved`, `exit_status`,
// `model_patch`) and ids. Every column has one type in every row, as Arrow and Parquet need:
// tool-call arguments and the tool list are JSON text (the schemas differ from tool to tool),
// absent values are null.
import type { Trajectory } from '../trajectory/format';
import { fullConversation } from '../trajectory/messages';
import { toTrainingMessages, toTrainingTools } from './messages';

export interface HfToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface HfMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  tool_calls: HfToolCall[] | null;
  tool_call_id: string | null;
  name: string | null;
}

export interface HfRow {
  trajectory_id: string;
  instance_id: string;
  messages: HfMessage[];
  /** The tool schemas as a JSON list of OpenAI function tools. */
  tools: string;
  resolved: boolean | null;
  exit_status: string;
  model_patch: string | null;
  model: string;
  agent: string;
  repo: string | null;
  steps: number;
  created_at: string;
}

/** The columns in order, with the `datasets` feature of each (for the dataset card). */
export const HF_FEATURES: readonly { name: keyof HfRow; feature: string }[] = [
  { name: 'trajectory_id', feature: 'string' },
  { name: 'instance_id', feature: 'string' },
  { name: 'messages', feature: 'list of {role, content, tool_calls: list of {id, type, function: {name, arguments}}, tool_call_id, name}' },
  { name: 'tools', feature: 'string (JSON list of tool schemas)' },
  { name: 'resolved', feature: 'bool (null: unknown)' },
  { name: 'exit_status', feature: 'string' },
  { name: 'model_patch', feature: 'string (null: not recorded)' },
  { name: 'model', feature: 'string' },
  { name: 'agent', feature: 'string' },
  { name: 'repo', feature: 'string' },
  { name: 'steps', feature: 'int32' },
  { name: 'created_at', feature: 'string (ISO 8601)' },
];

/** The row of a run, or null when it has no model turn (nothing to learn from). A branch
 * that recorded only its own turns needs its parent's (pass it). */
export function hfRowOf(trajectory: Trajectory, parent?: Trajectory): HfRow | null {
  const conversation = fullConversation(trajectory, parent);
  if (!conversation.some((message) => message.role === 'assistant')) return null;
  const { header, outcome } = trajectory;
  const messages: HfMessage[] = toTrainingMessages(conversation, 'string').map((message) => ({
    role: message.role,
    content: message.content,
    tool_calls: message.role === 'assistant' && message.tool_calls
      ? message.tool_calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.function.name, arguments: String(call.function.arguments) } }))
      : null,
    tool_call_id: message.role === 'tool' ? message.tool_call_id : null,
    name: message.role === 'tool' ? message.name ?? null : null,
  }));
  const patchKnown = outcome !== null && (outcome.patch !== '' || outcome.emptyPatch);
  return {
    trajectory_id: header.runId,
    instance_id: header.task.id,
    messages,
    tools: JSON.stringify(toTrainingTools(header.tools)),
    resolved: outcome?.resolved ?? null,
    exit_status: outcome?.end ?? 'unfinished',
    model_patch: patchKnown ? outcome.patch : null,
    model: header.model.name,
    agent: header.source.agent,
    repo: header.repository.remote,
    steps: outcome?.steps ?? conversation.filter((message) => message.role === 'assistant').length,
    created_at: header.createdAt,
  };
}
