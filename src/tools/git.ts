// One way to run git for the tools and the final patch: simple-git at the workspace root,
// with settings that make output stable and side-effect free whatever the user's config says.
import { simpleGit, type SimpleGit } from 'simple-git';

// Plain, parseable output: no colour, prefixes as a/ b/, no octal-escaped non-ASCII paths.
// (No pager runs anyway: git's output is a pipe, not a terminal.)
const STABLE_CONFIG = ['color.ui=false', 'core.quotepath=false', 'diff.noprefix=false', 'diff.mnemonicPrefix=false'];

export interface GitOptions {
  /** Extra environment variables for every git call: only GIT_INDEX_FILE is let through. */
  env?: { GIT_INDEX_FILE?: string };
  signal?: AbortSignal;
}

// Inherited variables that would change what these calls see or run: git's own (a GIT_DIR or
// GIT_INDEX_FILE inherited from a git hook would point at another repository or index) and
// the editor/pager ones simple-git's environment guard rejects. Local status/diff/add need none.
const DROPPED_ENV = /^(?:GIT_\w*|EDITOR|VISUAL|PAGER|PREFIX|SSH_ASKPASS)$/i;

/** The git variables we set ourselves; simple-git passes guarded keys only when named. */
const OWN_GIT_ENV = ['GIT_OPTIONAL_LOCKS', 'GIT_TERMINAL_PROMPT', 'GIT_INDEX_FILE'];

export function gitAt(root: string, options: GitOptions = {}): SimpleGit {
  const git = simpleGit({
    baseDir: root,
    maxConcurrentProcesses: 1,
    trimmed: false,
    config: STABLE_CONFIG,
    abort: options.signal,
    allowEnvironment: OWN_GIT_ENV,
  });
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !DROPPED_ENV.test(key)) env[key] = value;
  }
  // GIT_OPTIONAL_LOCKS=0 stops `git status` from refreshing (rewriting) the user's index.
  // GIT_TERMINAL_PROMPT=0 makes git fail instead of waiting for a password nobody can type.
  return git.env({ ...env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', ...options.env });
}

/** Whether the root is inside a git work tree. False too when git is not installed. */
export async function isGitWorkTree(root: string): Promise<boolean> {
  try {
    return (await gitAt(root).raw(['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
  } catch (error) {
    const message = gitErrorMessage(error);
    // Anything else is a real failure and must not pass for "no repository".
    if (/not a git repository|ENOENT|spawn git/i.test(message)) return false;
    throw error;
  }
}

export const NOT_A_REPO =
  'The workspace is not a git repository, so there is no git status or diff. Use list_files and read_file instead.';

/** git's own message from a failed call, without simple-git's wrapping. */
export function gitErrorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim();
}
