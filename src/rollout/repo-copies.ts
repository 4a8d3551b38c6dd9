// Clean copies of task repositories for rollout runs. Each repository source is mirrored once
// into a cache; every run gets its own clone of the mirror at the task's commit (sharing the
// mirror's objects, so a copy costs a checkout, not a download). The user's checkout is only
// ever read, never written: no worktrees are added to it.
import { createHash } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { gitAt } from '../tools/git';

export interface RepoCopy {
  path: string;
  remove(): Promise<void>;
}

export class RepoCopies {
  /** One mirror update at a time per source, however many runs start together. */
  private readonly mirrors = new Map<string, Promise<string>>();

  constructor(
    private readonly cacheDir: string,
    /** Relative repository paths in a task file are relative to the file's folder. */
    private readonly baseDir: string,
  ) {}

  /** The repository as written in the task file, made absolute when it is a local path. */
  sourceOf(repo: string): string {
    return isRemote(repo) || isAbsolute(repo) ? repo : resolve(this.baseDir, repo);
  }

  async create(repo: string, commit: string, dest: string): Promise<RepoCopy> {
    const source = this.sourceOf(repo);
    const mirror = await this.mirror(source, commit);
    await rm(dest, { recursive: true, force: true });
    await mkdir(join(dest, '..'), { recursive: true });
    await gitAt(join(dest, '..'), { allowTransport: true, ownRepository: true }).raw(['clone', '--quiet', '--shared', '--no-checkout', '--', mirror, dest]);
    const git = gitAt(dest, { ownRepository: true });
    await git.raw(['checkout', '--quiet', '--detach', commit]);
    // The copy's origin names the real repository, so recording and exclusion see it.
    await git.raw(['remote', 'set-url', 'origin', source]);
    await git.raw(['config', '--local', 'user.name', 'Crux rollout']);
    await git.raw(['config', '--local', 'user.email', 'rollout@crux.invalid']);
    return { path: dest, remove: () => rm(dest, { recursive: true, force: true }) };
  }

  private mirror(source: string, commit: string): Promise<string> {
    const previous = this.mirrors.get(source) ?? Promise.resolve('');
    const next = previous.catch(() => '').then(() => this.updateMirror(source, commit));
    this.mirrors.set(source, next);
    return next;
  }

  private async updateMirror(source: string, commit: string): Promise<string> {
    const path = join(this.cacheDir, 'mirrors', `${createHash('sha256').update(source).digest('hex').slice(0, 16)}.git`);
    if (!(await exists(path))) {
      await mkdir(join(this.cacheDir, 'mirrors'), { recursive: true });
      try {
        // --no-local: a local source is read through git's transport like a remote one, so
        // links inside its .git (objects, alternates) are not copied or followed.
        await gitAt(this.cacheDir, { allowTransport: true, ownRepository: true }).raw(['clone', '--quiet', '--mirror', '--no-local', '--', source, path]);
      } catch (error) {
        await rm(path, { recursive: true, force: true });
        throw new Error(`Cannot clone ${source}: ${firstLine(error)}`, { cause: error });
      }
    }
    if (!(await hasCommit(path, commit))) {
      await mirrorGit(path, true).raw(['fetch', '--quiet', 'origin']).catch(() => undefined);
      if (!(await hasCommit(path, commit))) throw new Error(`${source} has no commit ${commit}`);
    }
    return path;
  }
}

async function hasCommit(repo: string, commit: string): Promise<boolean> {
  try {
    await mirrorGit(repo).raw(['cat-file', '-e', `${commit}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** A mirror is bare: named as the git dir outright (implicit bare repositories are refused). */
function mirrorGit(path: string, allowTransport = false) {
  return gitAt(path, { env: { GIT_DIR: path }, ownRepository: true, allowTransport });
}

function isRemote(repo: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[\w.-]+@[\w.-]+:/.test(repo);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim().split('\n')[0] ?? '';
}
