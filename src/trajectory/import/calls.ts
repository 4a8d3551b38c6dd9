// Tool calls of other agents as Crux records: their names and arguments are kept as the source
// wrote them (no renaming to Crux tools), a risk class is guessed from the name and arguments,
// and shell tools are told apart so replay and the loop watch can treat them as commands.
import type { RiskClass } from '../../host/ports';
import { assessCommand } from '../../tools/command-risk';
import { asArray, asObject, asString, decodeNested, isObject } from './json';

/** A call as a converter hands it to the builder. */
export interface CallInput {
  /** The source's id; the builder makes one when absent. */
  id?: string;
  name: string;
  /** Parsed arguments; argumentsText is derived from them when not given. */
  arguments?: Record<string, unknown> | null;
  argumentsText?: string;
}

/** Tools that take a shell command (or code) in one argument. */
const COMMAND_TOOLS: Record<string, string> = {
  bash: 'command',
  execute_bash: 'command',
  run_command: 'command',
  shell: 'command',
  run: 'command',
  execute_ipython_cell: 'code',
  execute: 'code',
};

/** The command text of a shell-like call, or undefined for any other tool. */
export function commandOf(name: string, args: Record<string, unknown> | null | undefined): string | undefined {
  const key = COMMAND_TOOLS[name];
  if (!key || !args) return undefined;
  return asString(args[key]);
}

export function isShellTool(name: string): boolean {
  return COMMAND_TOOLS[name] === 'command';
}

const READ_NAMES = /^(read|view|open|goto|scroll|find|search|list|grep|ls|cat|think|finish|submit|solution|browse|fetch|web_read|git_status|git_diff|task_tracker)/;
const EDIT_NAMES = /(edit|write|create|replace|insert|apply|patch|undo)/;

/** Risk class of an imported call, for the record (approvals never ran on imports). */
export function riskOf(name: string, args: Record<string, unknown> | null | undefined): RiskClass {
  const command = commandOf(name, args);
  if (command !== undefined) return assessCommand(command).risks.length > 0 ? 'destructive' : 'execute';
  // The editor tool of OpenHands and SWE-agent: one name, the sub-command decides.
  const sub = args ? asString(args.command) : undefined;
  if (/editor/.test(name) && sub) return sub === 'view' ? 'read' : 'edit';
  if (READ_NAMES.test(name)) return 'read';
  if (EDIT_NAMES.test(name)) return 'edit';
  return 'execute';
}

/** One OpenAI-style tool call ({id, type, function: {name, arguments}}), as stored by chat
 * logs; arguments may be JSON text or an object. Null when it has no usable name. */
export function callFromOpenAi(value: unknown): CallInput | null {
  const call = asObject(value);
  const fn = asObject(call?.function);
  const name = asString(fn?.name);
  if (!call || !fn || !name) return null;
  const rawArguments = fn.arguments;
  const id = asString(call.id);
  if (typeof rawArguments === 'string') return { ...(id ? { id } : {}), name, argumentsText: rawArguments };
  return { ...(id ? { id } : {}), name, arguments: isObject(rawArguments) ? rawArguments : {} };
}

/** The tool calls of an assistant message: `tool_calls`, or the legacy `function_call`. */
export function callsOfMessage(message: Record<string, unknown>): CallInput[] {
  const calls = (asArray(decodeNested(message.tool_calls)) ?? []).map(callFromOpenAi).filter((call): call is CallInput => call !== null);
  if (calls.length > 0) return calls;
  const legacy = callFromOpenAi({ function: message.function_call });
  return legacy ? [legacy] : [];
}
