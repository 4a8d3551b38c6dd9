// Nested AGENTS.md, given when the agent starts working in a folder. The AGENTS.md convention
// says the nearest AGENTS.md above a file applies to it and wins where rules disagree; the one
// at the root is in the system prompt already, so the ones below it are given lazily: when a
// tool call works on a path inside a folder that has one this run has not given yet, its text is
// appended to that call's observation, so the model reads it exactly when it starts working
// there. "Given" is read off the conversation itself (the system prompt's rules and earlier
// observations' blocks), so a continued conversation and a rollback need no extra state.
//
// Same safety as project-rules.ts: capped, never read through a link out of the workspace,
// prompt text only.
import { realpath, stat } from 'node:fs/promises';
import type { ChatMessage } from '../model/types';
import { resolveInWorkspace } from '../tools/paths';
import { nestedAgentsFiles, readRuleFile, RULES_TOTAL_MAX_CHARS, type RuleFile } from './project-rules';

/** Crux's tools that work on a path, and the argument naming it. MCP tools are never looked
 * at: their arguments mean what their server says. */
export const PATH_ARGUMENTS: Readonly<Record<string, string>> = {
  read_file: 'path', edit_file: 'path', create_file: 'path', list_files: 'path', search: 'path', git_diff: 'path',
};

/** Opens the block appended to an observation; replay and the conversation scan find it by it. */
export const NESTED_RULES_MARKER = '[Project rules for the folder you are now working in';
const RULES_TAG = /<rules file="([^"<>\n]+)"/g;

export interface NestedRule extends RuleFile {
  /** The folder it applies to (workspace-relative, no trailing slash). */
  folder: string;
}

/** The text appended to an observation; '' for none. */
export function nestedRulesBlock(rules: readonly NestedRule[]): string {
  if (rules.length === 0) return '';
  const files = rules.map((rule) => {
    const cut = rule.truncated ? `\n[... cut: the file has ${rule.chars} characters ...]` : '';
    return `<rules file="${rule.path}" applies-to="${rule.folder}/">\n${rule.text.trimEnd()}${cut}\n</rules>`;
  });
  return `\n\n${NESTED_RULES_MARKER}: each applies to the files in its folder and, where it disagrees with rules given earlier, wins. Follow them there.]\n${files.join('\n')}`;
}

/** An observation without the rules block appended to it (what the tool itself returned). */
export function withoutNestedRules(output: string): string {
  const at = output.indexOf(`\n\n${NESTED_RULES_MARKER}`);
  return at < 0 ? output : output.slice(0, at);
}

/** The rule files a conversation has given already: in its system prompt, or in a rules block
 * appended to an earlier observation. */
export function givenRuleFiles(messages: readonly ChatMessage[]): Set<string> {
  const given = new Set<string>();
  for (const message of messages) {
    if (message.role === 'assistant') continue;
    let text = message.content;
    if (message.role !== 'system') {
      const at = text.indexOf(`\n\n${NESTED_RULES_MARKER}`);
      if (at < 0) continue;
      text = text.slice(at);
    }
    for (const match of text.matchAll(RULES_TAG)) if (match[1]) given.add(match[1]);
  }
  return given;
}

/** The nested AGENTS.md among a run's rules (those above the files open or mentioned) that a
 * continued conversation was never given: its system prompt is the first run's, so a follow-up
 * that mentions a file in another folder gets them with the follow-up message. */
export function missingNestedRules(rules: readonly RuleFile[], conversation: readonly ChatMessage[]): NestedRule[] {
  const given = givenRuleFiles(conversation);
  return rules.filter((rule) => rule.path.endsWith('/AGENTS.md') && !given.has(rule.path))
    .map((rule) => ({ ...rule, folder: rule.path.slice(0, -'/AGENTS.md'.length) }));
}

/** Finds the nested AGENTS.md files a tool call brings in. One per run (the budget of what it
 * adds is the run's). */
export class NestedRulesLookup {
  private added = 0;
  private readonly reported = new Set<string>();

  constructor(private readonly root: string, private readonly warn: (line: string) => void = () => undefined) {}

  /** The AGENTS.md files between the call's path and the root (root excluded) that are not in
   * `given`, nearest last. Nothing for other tools, paths outside the workspace, or the root. */
  async forCall(toolName: string, args: Record<string, unknown>, given: ReadonlySet<string>): Promise<NestedRule[]> {
    const key = PATH_ARGUMENTS[toolName];
    const value = key !== undefined ? args[key] : undefined;
    if (typeof value !== 'string' || value.trim() === '') return [];
    return this.forPath(value, given);
  }

  async forPath(userPath: string, given: ReadonlySet<string>): Promise<NestedRule[]> {
    let rel: string;
    let abs: string;
    try {
      ({ rel, abs } = await resolveInWorkspace(this.root, userPath));
    } catch {
      return [];
    }
    if (rel === '.') return [];
    const isFolder = (await stat(abs).catch(() => undefined))?.isDirectory() ?? false;
    const realRoot = await realpath(this.root);
    const rules: NestedRule[] = [];
    for (const path of nestedAgentsFiles(isFolder ? `${rel}/` : rel)) {
      // Reading an AGENTS.md gives its text already.
      if (given.has(path) || path === rel) continue;
      const rule = await readRuleFile(realRoot, path, RULES_TOTAL_MAX_CHARS - this.added);
      if (rule === 'missing') continue;
      if ('skipped' in rule) {
        if (!this.reported.has(path)) this.warn(`project rules: skipped ${rule.skipped}`);
        this.reported.add(path);
        continue;
      }
      this.added += rule.text.length;
      rules.push({ ...rule, folder: path.slice(0, -'/AGENTS.md'.length) });
    }
    return rules;
  }
}
