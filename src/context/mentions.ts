// Context mentions in the user's message: @path/to/file, @path/to/folder/, @problems,
// @terminal (the last command's output) and @git (the working-tree diff). Each is resolved once,
// when the message is sent, into a block appended to the message, so the model sees it, the
// trajectory records it (it is part of the user message) and the context window counts it.
// Paths are confined to the workspace; every block is capped.
import { readdir, readFile, stat } from 'node:fs/promises';
import { PathError, resolveInWorkspace } from '../tools/paths';

export const MENTION_MAX_CHARS = 12_000;
const FOLDER_MAX_ENTRIES = 200;

export type MentionKind = 'file' | 'folder' | 'problems' | 'terminal' | 'git';

export interface Attachment {
  kind: MentionKind;
  /** What the user wrote after @. */
  label: string;
  text: string;
  chars: number;
  truncated: boolean;
}

/** Where the editor-only mentions come from (the CLI has none of them). */
export interface MentionSources {
  /** The workspace's diagnostics, one per line; '' when there are none. */
  problems?: () => Promise<string>;
  /** The last terminal command and its output; null when none was seen. */
  terminal?: () => Promise<string | null>;
  /** The working-tree diff against HEAD (through the git helper). */
  gitDiff?: () => Promise<string>;
}

export interface ResolvedMessage {
  /** The message with the attached context after it. */
  text: string;
  attachments: Attachment[];
  /** Mentions that could not be resolved, with why (shown to the user; not sent). */
  problems: string[];
}

const MENTION = /(^|\s)@([^\s@]+)/g;

export async function resolveMentions(message: string, root: string, sources: MentionSources = {}): Promise<ResolvedMessage> {
  const attachments: Attachment[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const match of message.matchAll(MENTION)) {
    const label = (match[2] ?? '').replace(/[.,;:!?)]+$/, '');
    if (label === '' || seen.has(label)) continue;
    seen.add(label);
    try {
      const attachment = await resolveOne(label, root, sources);
      if (attachment) attachments.push(attachment);
    } catch (error) {
      problems.push(`@${label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (attachments.length === 0) return { text: message, attachments, problems };
  const blocks = attachments.map((item) => `<context kind="${item.kind}" name="${item.label}">\n${item.text}${item.truncated ? `\n[... cut: ${item.chars} characters in all ...]` : ''}\n</context>`);
  return { text: `${message.trim()}\n\nContext the user attached:\n${blocks.join('\n')}`, attachments, problems };
}

async function resolveOne(label: string, root: string, sources: MentionSources): Promise<Attachment | null> {
  if (label === 'problems') {
    if (!sources.problems) throw new Error('there is no problems list here (the editor has one)');
    return capped('problems', label, (await sources.problems()) || 'No problems are reported in the workspace.');
  }
  if (label === 'terminal') {
    if (!sources.terminal) throw new Error('there is no terminal here');
    return capped('terminal', label, (await sources.terminal()) ?? 'No terminal command has run yet.');
  }
  if (label === 'git') {
    if (!sources.gitDiff) throw new Error('there is no git helper here');
    return capped('git', label, (await sources.gitDiff()) || 'The working tree has no changes against HEAD.');
  }
  let resolved;
  try {
    resolved = await resolveInWorkspace(root, label);
  } catch (error) {
    if (error instanceof PathError) throw new Error(error.message, { cause: error });
    throw error;
  }
  const info = await stat(resolved.abs).catch(() => undefined);
  // An @ that names nothing in the workspace (an e-mail, a decorator) is left as text.
  if (!info) return null;
  if (info.isDirectory()) {
    const names = (await readdir(resolved.abs, { withFileTypes: true })).filter((entry) => entry.name !== '.git')
      .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name)).sort();
    const listed = names.slice(0, FOLDER_MAX_ENTRIES).join('\n') + (names.length > FOLDER_MAX_ENTRIES ? `\n[... ${names.length - FOLDER_MAX_ENTRIES} more entries ...]` : '');
    return capped('folder', resolved.rel, listed || '(empty folder)');
  }
  if (info.size > 4 * MENTION_MAX_CHARS * 4) {
    const head = (await readFile(resolved.abs)).subarray(0, MENTION_MAX_CHARS * 2).toString('utf8');
    return { kind: 'file', label: resolved.rel, text: head.slice(0, MENTION_MAX_CHARS), chars: info.size, truncated: true };
  }
  const text = await readFile(resolved.abs, 'utf8');
  if (text.includes('\u0000')) throw new Error('it is a binary file');
  return capped('file', resolved.rel, text);
}

/** The workspace files and folders (folders ending in '/') the attachments name: the files
 * being worked on from the start, for the nested AGENTS.md above them. */
export function mentionedPaths(attachments: readonly Attachment[]): string[] {
  return attachments.filter((item) => item.kind === 'file' || item.kind === 'folder')
    .map((item) => (item.kind === 'folder' ? `${item.label.replace(/\/+$/, '')}/` : item.label));
}

function capped(kind: MentionKind, label: string, text: string): Attachment {
  return { kind, label, text: text.slice(0, MENTION_MAX_CHARS), chars: text.length, truncated: text.length > MENTION_MAX_CHARS };
}
