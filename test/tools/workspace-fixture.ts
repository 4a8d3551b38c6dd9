// Real temporary workspaces for tool tests: folders on disk, real git repositories, and a
// ToolContext wired to the Node ports.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NodeWorkspace } from '../../src/host/node/workspace';
import { ProcessTerminal } from '../../src/host/node/terminal';
import type { Terminal } from '../../src/host/ports';
import { DEFAULT_TOOL_LIMITS, type ToolContext, type ToolLimits } from '../../src/tools/types';

const created: string[] = [];

/** A new empty folder (real path), removed by cleanupTempDirs. */
export async function tempDir(prefix = 'crux-test-'): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

export async function cleanupTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Writes files given as { 'relative/path': content }, creating folders. */
export async function writeFiles(root: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, content);
  }
}

export function context(root: string, options: { limits?: Partial<ToolLimits>; terminal?: Terminal; signal?: AbortSignal } = {}): ToolContext {
  return {
    workspace: new NodeWorkspace(root),
    terminal: options.terminal ?? new ProcessTerminal(),
    limits: { ...DEFAULT_TOOL_LIMITS, ...options.limits },
    signal: options.signal ?? new AbortController().signal,
  };
}

export function git(root: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

/** `git init` with a local identity, so commits work on machines without a global one. */
export function initRepo(root: string): void {
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.name', 'Crux Test');
  git(root, 'config', 'user.email', 'crux-test@example.com');
  git(root, 'config', 'commit.gpgsign', 'false');
}

export function commitAll(root: string, message = 'commit'): void {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
}
