// Breadth-first walk of a workspace folder that skips what .gitignore hides. Breadth-first
// so that, when a caller stops early at a cap, it has seen the top of the tree rather than
// the bottom of its first deep folder. Symlinks are listed but never followed: following
// them could leave the workspace or loop.
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { ALWAYS_HIDDEN, GitignoreRules } from './gitignore';

export interface WalkEntry {
  /** Workspace-relative path with forward slashes. */
  rel: string;
  isDir: boolean;
}

export interface WalkOptions {
  /** Go below the starting folder. */
  recursive: boolean;
  signal?: AbortSignal;
}

/**
 * Yields the entries under `startRel` ('.' for the root), folders before their contents.
 * Unreadable folders are skipped: a walk is a best-effort overview, not a proof.
 * A start folder that is itself ignored (say node_modules/some-lib) was asked for by name,
 * so its contents are shown unfiltered, as ripgrep does for explicit paths; .git stays hidden.
 */
export async function* walkWorkspace(root: string, startRel: string, options: WalkOptions): AsyncGenerator<WalkEntry> {
  const start = startRel === '.' ? '' : startRel;
  const gitignore = new GitignoreRules(root);
  const explicitlyIgnored = start !== '' && (await gitignore.ignores(start, true));
  const hidden = explicitlyIgnored
    ? async (rel: string) => rel.split('/').some((segment) => ALWAYS_HIDDEN.has(segment))
    : (rel: string, isDir: boolean) => gitignore.ignores(rel, isDir);
  const queue: string[] = [start];
  for (let next = 0; next < queue.length; next++) {
    if (options.signal?.aborted) return;
    const dir = queue[next] as string;
    let entries: Dirent[];
    try {
      entries = await readdir(path.join(root, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      const isDir = entry.isDirectory();
      if (await hidden(rel, isDir)) continue;
      yield { rel, isDir };
      if (isDir && options.recursive) queue.push(rel);
    }
  }
}
