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
  /** Workspace-relative files being worked on: the AGENTS.md files in their folders up to the
   * root are read too (nearest last, so it has the final word). */
  activeFiles?: readonly string[];
}

/** Reads the project's rule files; missing ones are skipped, unreadable ones too (and reported
 * through `skipped`). Never throws for what the repository contains. */
export async function loadProjectRules(root: string, options: LoadRulesOptions = {}): Promise<{ rules: RuleFile[]; skipped: string[] }> {
  const realRoot = await realpath(root);
  const wanted: string[] = [];
  for (const entry of options.files ?? DEFAULT_RULE_FILES) wanted.push(...await expand(realRoot, entry));
  for (const active of options.activeFiles ?? []) wanted.push(...nestedAgentsFiles(active));
  const rules: RuleFile[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const path of wanted) {
    const normalized = path.split(sep).join('/').replace(/^\.\//, '');
    if (seen.has(normalized)) continue;
    seen.add(normalized);
    const text = await readInside(realRoot, normalized);
    if (text === 'missing') continue;
    if (text === 'outside' || text === 'unreadable') {
      skipped.push(`${normalized} (${text === 'outside' ? 'it resolves outside the workspace' : 'it cannot be read'})`);
      continue;
    }
    if (text.trim() === '') continue;
    const room = Math.min(RULE_FILE_MAX_CHARS, RULES_TOTAL_MAX_CHARS - total);
    if (room <= 0) {
      skipped.push(`${normalized} (the rules already reach ${RULES_TOTAL_MAX_CHARS} characters)`);
      continue;
    }
    const kept = text.slice(0, room);
    total += kept.length;
    rules.push({
      path: normalized, text: kept, chars: text.length, truncated: kept.length < text.length,
      sha256: createHash('sha256').update(text).digest('hex'),
    });
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

/** AGENTS.md in each folder from the root down to the file's folder (root excluded: listed). */
function nestedAgentsFiles(active: string): string[] {
  const clean = active.replace(/\\/g, '/').replace(/^\/+/, '');
  if (clean.split('/').includes('..')) return [];
  const folders: string[] = [];
  for (let folder = dirname(clean); folder !== '.' && folder !== '' && folder !== '/'; folder = dirname(folder)) folders.unshift(folder);
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
