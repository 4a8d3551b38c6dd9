// Every git call Crux makes runs through here: the tools, the final patch, run metadata, the
// shadow checkpoints and rollout copies. Each call gets the environment and the `-c` overrides
// that git-env.ts builds, so a repository's config or attributes never start a program.
// (Plain child processes rather than simple-git: its own guard refuses exactly the `-c`
// overrides that make git safe, and argv plus environment are all this needs.)
import { spawn } from 'node:child_process';
import {
  configArgs, gitEnvironment, parseConfigList, proxyEnvironment, repositoryOverrides, STATIC_OVERRIDES,
  type GitCallEnv, type GitProfile,
} from './git-env';

export interface GitOptions extends GitProfile {
  /** Variables for every call of this instance (a temporary index, a separate git dir). */
  env?: GitCallEnv;
  signal?: AbortSignal;
}

export class GitError extends Error {
  override name = 'GitError';
  constructor(message: string, readonly exitCode: number | null) {
    super(message);
  }
}

/** Runs git in one folder. The repository's config is read once, on the first call. */
export class Git {
  private settings: Promise<{ args: string[]; env: Record<string, string> }> | undefined;

  constructor(readonly cwd: string, private readonly options: GitOptions = {}) {}

  /** git's stdout as text; rejects with git's own message when it exits non-zero. */
  async raw(args: readonly string[]): Promise<string> {
    this.settings ??= this.readSettings();
    const settings = this.settings;
    // A failed read (say, before `git init`) is retried by the next call.
    settings.catch(() => { if (this.settings === settings) this.settings = undefined; });
    const { args: globalArgs, env } = await settings;
    return run(this.cwd, [...globalArgs, ...args], env, this.options.signal);
  }

  private async readSettings(): Promise<{ args: string[]; env: Record<string, string> }> {
    const env = gitEnvironment(this.options, this.options.env);
    const base = ['--no-pager', ...configArgs(STATIC_OVERRIDES)];
    let entries;
    try {
      entries = parseConfigList(await run(this.cwd, [...base, 'config', '--list', '--show-scope', '-z'], env, this.options.signal), true);
    } catch (error) {
      // git before 2.26 has no --show-scope: then nothing counts as the user's own.
      if (!(error instanceof GitError) || !/show-scope|unknown option/i.test(error.message)) throw error;
      entries = parseConfigList(await run(this.cwd, [...base, 'config', '--list', '-z'], env, this.options.signal), false);
    }
    // Static settings come last so that they win over anything restored from the user's config.
    const args = ['--no-pager', ...configArgs([...repositoryOverrides(entries, this.options), ...STATIC_OVERRIDES])];
    return { args, env: { ...env, ...proxyEnvironment(entries) } };
  }
}

function run(cwd: string, args: string[], env: Record<string, string>, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    // stdin is /dev/null: git never waits for input, and a credential prompt has nothing to read.
    const child = spawn('git', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], signal, windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new GitError(Buffer.concat(err).toString('utf8').trim() || `git ${args.find((arg) => !arg.startsWith('-') && !arg.includes('='))} exited with ${code}`, code));
    });
  });
}

export function gitAt(root: string, options: GitOptions = {}): Git {
  return new Git(root, options);
}

/** Whether the root is inside a git work tree. False too when git is not installed. Pass the
 * Git of the calls that follow, so the repository's config is read once for all of them. */
export async function isGitWorkTree(root: string, git: Git = gitAt(root)): Promise<boolean> {
  try {
    return (await git.raw(['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
  } catch (error) {
    const message = gitErrorMessage(error);
    // Anything else is a real failure and must not pass for "no repository".
    if (/not a git repository|ENOENT|spawn git/i.test(message)) return false;
    throw error;
  }
}

export const NOT_A_REPO =
  'The workspace is not a git repository, so there is no git status or diff. Use list_files and read_file instead.';

/** git's own message from a failed call. */
export function gitErrorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim();
}
