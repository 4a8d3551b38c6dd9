// The run's mode. act: the coding agent (edits, commands; a run ends with `finish`). ask:
// questions about the code, answered from reading it: only tools that cannot change anything
// are offered, and a prose reply is the answer that ends the run. The mode is recorded in the
// trajectory header (absent means act, as every run before modes was).
import { ToolRegistry } from '../tools/registry';
import type { Tool } from '../tools/types';

export type AgentMode = 'act' | 'ask';
export const AGENT_MODES: readonly AgentMode[] = ['act', 'ask'];

/** Built-in tools that only read, whatever their arguments. */
const READ_ONLY_TOOLS = new Set(['read_file', 'list_files', 'search', 'git_status', 'git_diff']);

export interface ModePolicy {
  mode: AgentMode;
  /** Whether a tool is offered in this mode. */
  offers(tool: Tool): boolean;
  /** Whether a reply without a tool call is the run's answer (else the model is reminded to call one). */
  proseEnds: boolean;
  /** Lines of the system prompt that say how to work in this mode. */
  instructions: string[];
  /** Put before a follow-up when a continued run had the other mode (its system prompt says
   * how to work in that one). */
  switchNote: string;
}

const ACT: ModePolicy = {
  mode: 'act',
  offers: () => true,
  proseEnds: false,
  instructions: [
    'How to work:',
    '1. Find the relevant code with search, list_files and read_file before changing anything.',
    '2. If you can, reproduce the problem with run_command first.',
    '3. Make small, precise edits with edit_file: old_string must match the file exactly and be unique.',
    '4. Run the tests or your reproduction again to check the fix.',
    '5. When the task is done, call finish with a short summary of what you changed and why.',
    '',
    'Rules:',
    '- Call exactly the tools you need; every reply must contain at least one tool call.',
    '- Do not repeat an action that already failed in the same way: read the error and change approach.',
    '- Stay inside the repository. Do not commit, push or delete work you did not create.',
  ],
  switchNote: '[Act mode: you may edit files and run commands again; every reply calls a tool, and finish ends the task.]',
};

const ASK: ModePolicy = {
  mode: 'ask',
  offers: (tool) => READ_ONLY_TOOLS.has(tool.name) || tool.readOnly === true,
  proseEnds: true,
  instructions: [
    'You are in ask mode: answer the user\'s question about the code. You cannot change files or run commands.',
    '',
    'How to work:',
    '1. Find what you need with search, list_files and read_file.',
    '2. When you know the answer, reply in plain prose (no tool call): that reply is your answer.',
    '',
    'Rules:',
    '- Base the answer on the code you read; name the files and lines it rests on.',
    '- Do not repeat an action that already failed in the same way.',
  ],
  switchNote: '[Ask mode: answer in prose from reading the code; you cannot edit files or run commands now. A reply without a tool call is your answer.]',
};

export function modePolicy(mode: AgentMode): ModePolicy {
  return mode === 'ask' ? ASK : ACT;
}

/** The registry of the tools the mode offers (the same registry when it offers all). */
export function offeredTools(registry: ToolRegistry, mode: ModePolicy): ToolRegistry {
  const tools = registry.names().map((name) => registry.get(name) as Tool);
  const offered = tools.filter((tool) => mode.offers(tool));
  return offered.length === tools.length ? registry : new ToolRegistry(offered);
}

export function parseMode(text: string): AgentMode {
  if (text === 'act' || text === 'ask') return text;
  throw new Error(`unknown mode "${text}": use act or ask`);
}
