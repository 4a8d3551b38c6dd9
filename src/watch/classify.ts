// What a call does, as far as progress is concerned: reads and commands are probes (their
// output is information about the world), edits change files (their output only echoes what
// the agent wrote), finish ends the run. Crux's own tools carry a risk class; imported runs
// name other agents' tools (OpenHands' str_replace_editor, SWE-agent's text commands,
// mini-swe-agent's bash), so those are recognised by name and arguments as well.
import type { RiskClass } from '../host/ports';

export type CallKind = 'read' | 'edit' | 'execute' | 'finish';

const FINISH_TOOLS = new Set(['finish', 'submit', 'attempt_completion', 'task_complete', 'complete_task']);
const EDIT_TOOLS = new Set(['edit_file', 'create_file', 'write_file', 'apply_patch', 'replace_in_file', 'write_to_file', 'insert_content']);
const READ_TOOLS = new Set(['read_file', 'list_files', 'search', 'git_diff', 'git_status', 'find_file', 'search_file', 'search_dir', 'grep', 'glob', 'view']);

// OpenHands' editor: one tool, the sub-command decides.
const EDITOR_TOOLS = new Set(['str_replace_editor', 'str_replace_based_edit_tool', 'edit', 'file_editor']);
const EDITOR_READS = new Set(['view']);

// SWE-agent's text commands, written as the first word of an action.
const SWE_AGENT_EDITS = /^(?:edit|create|append|insert|str_replace|undo_edit)\b/;
const SWE_AGENT_READS = /^(?:open|goto|scroll_up|scroll_down|search_file|search_dir|find_file)\b/;
const SWE_AGENT_SUBMIT = /^submit\s*$/;
/** mini-swe-agent ends a run by printing this marker. */
const MINI_SWE_AGENT_SUBMIT = 'COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT';

export function classifyCall(name: string, args: Record<string, unknown> | null, risk: RiskClass | null): CallKind {
  const tool = name.trim().toLowerCase();
  if (FINISH_TOOLS.has(tool)) return 'finish';
  if (EDIT_TOOLS.has(tool)) return 'edit';
  if (READ_TOOLS.has(tool)) return 'read';
  if (EDITOR_TOOLS.has(tool)) {
    const sub = typeof args?.command === 'string' ? args.command : '';
    return EDITOR_READS.has(sub) ? 'read' : 'edit';
  }
  const command = typeof args?.command === 'string' ? args.command.trim() : typeof args?.code === 'string' ? args.code.trim() : '';
  if (command !== '') {
    if (command.includes(MINI_SWE_AGENT_SUBMIT) || SWE_AGENT_SUBMIT.test(command)) return 'finish';
    if (SWE_AGENT_EDITS.test(command)) return 'edit';
    if (SWE_AGENT_READS.test(command)) return 'read';
  }
  if (risk === 'read') return 'read';
  if (risk === 'edit') return 'edit';
  return 'execute';
}

/** A short human name for a call in evidence: `run_command \`pytest -x\``, `read_file calc.js`. */
export function describeCall(name: string, args: Record<string, unknown> | null): string {
  const main = args ? firstString(args, ['command', 'code', 'path', 'file', 'query', 'pattern']) : undefined;
  if (main === undefined) return name;
  const flat = main.replace(/\s+/g, ' ').trim();
  const shown = flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
  return `${name} \`${shown}\``;
}

function firstString(args: Record<string, unknown>, keys: string[]): string | undefined {
  for (const key of keys) {
    const value = args[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}
