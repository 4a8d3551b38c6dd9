// Every path a model names goes through here before any I/O. The model is not trusted to
// stay inside the workspace: it may write `../`, an absolute path, or reach out through a
// symlink someone left in the repository, and a write into `.git/` could rewrite history or
// plant hooks. The ports do I/O only; this is the policy.
import { lstat, realpath } from 'node:fs/promises';
import * as path from 'node:path';

export class PathError extends Error {
  override readonly name = 'PathError';
}

export interface ResolvedPath {
  /** Absolute path inside the (real) workspace root, as named (symlinks inside are kept). */
  abs: string;
  /** Workspace-relative path with forward slashes; '.' for the root itself. */
  rel: string;
}

export interface ResolveOptions {
  /** The path will be written: refuse anything inside `.git/`. */
  forWrite?: boolean;
}

/**
 * Resolves `userPath` (relative to the root, or absolute inside it) and proves that it, and
 * whatever its symlinks point at, stays inside `root`. Throws PathError otherwise.
 * For a path that does not exist yet, the deepest existing parent is checked instead.
 */
export async function resolveInWorkspace(root: string, userPath: string, options: ResolveOptions = {}): Promise<ResolvedPath> {
  if (userPath.includes('\0')) {
    throw new PathError('The path contains a NUL byte; give a plain file path.');
  }
  const realRoot = await realpath(root);
  const abs = lexicalPath(root, realRoot, userPath.trim() === '' ? '.' : userPath.trim());
  const rel = relativeTo(realRoot, abs);
  if (rel === undefined) {
    throw new PathError(`"${userPath}" is outside the workspace. Use a path relative to the workspace root, like "src/index.ts".`);
  }
  if (options.forWrite && touchesGitDir(rel)) {
    throw new PathError(`Refusing to write "${rel}": files inside .git/ are managed by git and must not be edited.`);
  }
  await assertRealPathInside(realRoot, abs, userPath);
  return { abs, rel };
}

/** The path with `.` and `..` resolved, without following symlinks, based at the real root. */
function lexicalPath(root: string, realRoot: string, userPath: string): string {
  if (!path.isAbsolute(userPath)) return path.resolve(realRoot, userPath);
  const abs = path.resolve(userPath);
  // An absolute path spelled through the root as the caller gave it (before realpath,
  // e.g. /tmp vs /private/tmp on macOS) names the same place.
  const viaGivenRoot = relativeTo(path.resolve(root), abs);
  return viaGivenRoot !== undefined ? path.join(realRoot, viaGivenRoot) : abs;
}

/** Forward-slash path of `abs` relative to `base`, or undefined when it is outside. */
export function relativeTo(base: string, abs: string): string | undefined {
  const rel = path.relative(base, abs);
  if (rel === '') return '.';
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

function touchesGitDir(rel: string): boolean {
  // Case-insensitively, since `.GIT` is the same folder on macOS and Windows file systems.
  return rel.split('/').some((segment) => segment.toLowerCase() === '.git');
}

async function assertRealPathInside(realRoot: string, abs: string, userPath: string): Promise<void> {
  const existing = await deepestExisting(abs);
  let real: string;
  try {
    real = await realpath(existing);
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ELOOP')) {
      // lstat saw it but realpath cannot follow it: a dangling or looping symlink, whose
      // target we cannot prove to be inside the workspace.
      throw new PathError(`"${userPath}" is a broken symlink; its target cannot be checked, so it is refused.`);
    }
    throw error;
  }
  if (relativeTo(realRoot, real) === undefined) {
    throw new PathError(`"${userPath}" leads outside the workspace through a symlink, so it is refused.`);
  }
}

/** `abs` itself when it exists (a symlink counts, even a dangling one), else its nearest existing parent. */
async function deepestExisting(abs: string): Promise<string> {
  let current = abs;
  for (;;) {
    try {
      await lstat(current);
      return current;
    } catch (error) {
      if (!isErrno(error, 'ENOENT') && !isErrno(error, 'ENOTDIR')) throw error;
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
