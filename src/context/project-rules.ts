// Project rules: the instructions a repository gives coding agents, put into the system prompt.
// AGENTS.md at the root (and, as the AGENTS.md convention says, the nearest AGENTS.md above a
// file being worked on, which wins where they disagree), .clinerules (a file, or a folder of
// .md/.txt files), CLAUDE.md and .github/copilot-instructions.md. The file list is a setting.
//
// These files are repository-controlled text: they are prompt text only, never executed, and
// each is capped (a cloned repository must not fill the context window or read outside the
// workspace: a file that resolves outside it through a link is skipped).
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

export const DEFAULT_RULE_FILES: readonly string[] = ['AGENTS.md', '.clinerules', 'CLAUDE.md', '.github/copilot-instructions.md'];
export const RULE_FILE_MAX_CHARS = 16_000;
export const RULES_TOTAL_MAX_CHARS = 32_000;
const RULE_FILE_MAX_BYTES = 1_000_000;

export interface RuleFile {
  /** Workspace-relative, forward slashes. */
  path: string;
  /** The text given to the model (after capping). */
  text: string;
  /** Characters of the file. */
  chars: number;
  truncated: boolean;
  /** sha256 of the file's text, so a reader can tell which version a run was given. */
  sha256: string;
}

/** What the trajectory header records about each rule file (the text itself is in the
 * system prompt of the first turn). */
export type RuleFileRef = Omit<RuleFile, 'text'>;

export function ruleRefs(rules: readonly RuleFile[]): RuleFileRef[] {
  return rules.map(({ path, chars, truncated, sha256 }) => ({ path, chars, truncated, sha256 }));
}

export interface LoadRulesOptions {
  /** Workspace-relative files or folders to read (default DEFAULT_RULE_FILES). */
  files?: readonly string[];
  /** Workspace-relative files (or folders, ending in '/') being worked on: the AGENTS.md files
   * in their folders up to the root are read too (nearest last, so it has the final word), when
   * AGENTS.md is among `files`. */
  activeFiles?: readonly string[];
}

/** Whether nested AGENTS.md files apply: only when AGENTS.md is among the configured rule files. */
export function wantsNestedAgents(files: readonly string[] = DEFAULT_RULE_FILES): boolean {
  return files.some((entry) => entry.replace(/\\/g, '/').replace(/^(\.?\/)+/, '') === 'AGENTS.md');
}

/** One rule file read from the workspace, capped to `room` characters; 'missing' for a file
 * that is not there or is empty; a reason for one that is skipped. */
export async function readRuleFile(realRoot: string, path: string, room: number): Promise<RuleFile | 'missing' | { skipped: string }> {
  const text = await readInside(realRoot, path);
  if (text === 'missing') return 'missing';
  if (text === 'outside' || text === 'unreadable') {
    return { skipped: `${path} (${text === 'outside' ? 'it resolves outside the workspace' : 'it cannot be read'})` };
  }
  if (text.trim() === '') return 'missing';
  if (room <= 0) return { skipped: `${path} (the rules already reach ${RULES_TOTAL_MAX_CHARS} characters)` };
  const kept = text.slice(0, Math.min(RULE_FILE_MAX_CHARS, room));
  return {
    path, text: kept, chars: text.length, truncated: kept.length < text.length,
    sha256: createHash('sha256').update(text).digest('hex'),
  };
}

/** Reads the project's rule files; missing ones are skipped, unreadable ones too (and reported
 * through `skipped`). Never throws for what the repository contains. */
export async function loadProjectRules(root: string, options: LoadRulesOptions = {}): Promise<{ rules: RuleFile[]; skipped: string[] }> {
  const realRoot = await realpath(root);
  const wanted: string[] = [];
  for (const entry of options.files ?? DEFAULT_RULE_FILES) wanted.push(...await expand(realRoot, entry));
  if (wantsNestedAgents(options.files)) for (const active of options.activeFiles ?? []) wanted.push(...nestedAgentsFiles(active));
  const rules: RuleFile[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const path of wanted) {
    const normalized = path.split(sep).join('/').replace(/^\.\//, '');
    if (seen.has(normalized)) continue;
    seen.add(normalized);
    const rule = await readRuleFile(realRoot, normalized, RULES_TOTAL_MAX_CHARS - total);
    if (rule === 'missing') continue;
    if ('skipped' in rule) {
      skipped.push(rule.skipped);
      continue;
    }
    total += rule.text.length;
    rules.push(rule);
  }
  return { rules, skipped };
}

/** The system prompt section holding the rules. */
export function rulesSection(rules: readonly RuleFile[]): string {
  if (rules.length === 0) return '';
  const parts = [
    'Project rules: the repository gives these instructions for working in it. Follow them where they do not conflict with the rules above; where two disagree, the one listed later (nearer to the file) wins.',
  ];
  for (const rule of rules) {
    const cut = rule.truncated ? `\n[... cut: the file has ${rule.chars} characters ...]` : '';
    parts.push(`<rules file="${rule.path}">\n${rule.text.trimEnd()}${cut}\n</rules>`);
  }
  return parts.join('\n\n');
}

/** A listed entry as files: a folder (.clinerules/) gives its .md and .txt files, sorted. */
async function expand(root: string, entry: string): Promise<string[]> {
  const clean = entry.replace(/\\/g, '/').replace(/^\/+/, '');
  if (clean === '' || clean.split('/').includes('..')) return [];
  const info = await stat(join(root, clean)).catch(() => undefined);
  if (!info?.isDirectory()) return [clean];
  const names = await readdir(join(root, clean)).catch(() => [] as string[]);
  return names.filter((name) => /\.(md|mdx|txt)$/i.test(name)).sort().map((name) => `${clean}/${name}`);
}

/** AGENTS.md in each folder from the root down to the file's folder, or to the folder itself
 * for a path ending in '/' (root excluded: it is listed). Nearest last. */
export function nestedAgentsFiles(active: string): string[] {
  const clean = active.replace(/\\/g, '/').replace(/^\/+/, '');
  if (clean.split('/').includes('..')) return [];
  const folders: string[] = [];
  const start = clean.endsWith('/') ? clean.replace(/\/+$/, '') : dirname(clean);
  for (let folder = start; folder !== '.' && folder !== '' && folder !== '/'; folder = dirname(folder)) folders.unshift(folder);
  return folders.map((folder) => `${folder}/AGENTS.md`);
}

async function readInside(root: string, path: string): Promise<string | 'missing' | 'outside' | 'unreadable'> {
  const absolute = join(root, path);
  const link = await lstat(absolute).catch(() => undefined);
  if (!link) return 'missing';
  const real = await realpath(absolute).catch(() => undefined);
  if (!real) return 'missing';
  const inside = relative(root, real);
  if (inside.startsWith('..') || inside === '' || /^[a-zA-Z]:/.test(inside)) return 'outside';
  const info = await stat(real).catch(() => undefined);
  if (!info?.isFile()) return 'missing';
  // A rules file is a page or two; a huge one is not read at all (it could be anything).
  if (info.size > RULE_FILE_MAX_BYTES) return 'unreadable';
  try {
    const text = await readFile(real, 'utf8');
    return text.includes('\u0000') ? 'unreadable' : text;
  } catch {
    return 'unreadable';
  }
}
