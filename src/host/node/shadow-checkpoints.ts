// Checkpoints in a shadow git repository: a git directory of its own, outside the workspace,
// whose work tree is the workspace (the way Cline and Roo keep theirs). The user's own .git is
// never read or written: every call sets GIT_DIR and GIT_WORK_TREE, and git never tracks a
// `.git` folder. Files the workspace ignores (.gitignore files, the user's info/exclude) are
// neither saved nor touched by a restore. A nested repository is recorded as a link, not
// its files. Snapshots of big workspaces cost what `git add -A` costs there.
import { createHash } from 'node:crypto';
import { chmod, copyFile, lstat, mkdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative, resolve, isAbsolute } from 'node:path';
import type { Checkpoints } from '../ports';
import { gitAt, gitErrorMessage, type Git } from '../../tools/git';

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

/** Who commits (hooks, signing and the rest are taken care of by gitAt). */
const COMMIT_SETTINGS = ['-c', 'user.name=Crux checkpoints', '-c', 'user.email=checkpoints@crux.invalid'];

/** Where checkpoints of a workspace live by default: the user's cache, one folder per workspace. */
export function defaultCheckpointDir(workspaceRoot: string): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const key = createHash('sha256').update(resolve(workspaceRoot)).digest('hex').slice(0, 16);
  return join(cache, 'crux', 'checkpoints', key);
}

export class ShadowGitCheckpoints implements Checkpoints {
  /** One git command at a time: saves and restores must not interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  /** GIT_DIR and GIT_WORK_TREE on every call; the environment and overrides of tools/git. */
  private readonly runner: Git;

  private constructor(private readonly root: string, private readonly gitDir: string) {
    this.runner = gitAt(root, { env: { GIT_DIR: gitDir, GIT_WORK_TREE: root }, ownRepository: true });
  }

  /** Opens (creating when needed) the shadow repository of a workspace. */
  static async open(workspaceRoot: string, gitDir = defaultCheckpointDir(workspaceRoot)): Promise<ShadowGitCheckpoints> {
    const root = resolve(workspaceRoot);
    const dir = resolve(gitDir);
    const inside = relative(root, dir);
    if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
      throw new CheckpointError(`the checkpoint folder ${dir} must be outside the workspace ${root}`);
    }
    const checkpoints = new ShadowGitCheckpoints(root, dir);
    await checkpoints.init();
    return checkpoints;
  }

  save(label: string): Promise<string> {
    return this.serial(async () => {
      await this.git('add', '-A');
      await this.git(...COMMIT_SETTINGS, 'commit', '-q', '--allow-empty', '--no-verify', '-m', label);
      return (await this.git('rev-parse', 'HEAD')).trim();
    });
  }

  restore(id: string): Promise<void> {
    return this.serial(async () => {
      if (!/^[0-9a-f]{7,64}$/i.test(id)) throw new CheckpointError(`not a checkpoint id: ${id}`);
      // Stage what is there now, so files created since the checkpoint are known to the index
      // and removed by the reset; ignored files are never staged and stay as they are.
      await this.git('add', '-A');
      await this.git('reset', '-q', '--hard', id);
    });
  }

  private async init(): Promise<void> {
    // Snapshots hold the workspace's files: private to the user, like trajectories. The folder
    // is made 0700 even when an older Crux created it open, and git keeps new files 0600.
    await mkdir(this.gitDir, { recursive: true, mode: 0o700 });
    if ((await lstat(this.gitDir)).isSymbolicLink()) throw new CheckpointError(`the checkpoint folder ${this.gitDir} is a symbolic link`);
    await chmod(this.gitDir, 0o700);
    const exists = await stat(join(this.gitDir, 'HEAD')).then(() => true, () => false);
    if (!exists) {
      await this.git('init', '-q', '--shared=0600');
      // Line endings as they are, no automatic gc pruning old checkpoints mid-run.
      await this.git('config', 'core.autocrlf', 'false');
      await this.git('config', 'gc.auto', '0');
    }
    // The user's own exclusions for this workspace apply to its snapshots too.
    await mkdir(join(this.gitDir, 'info'), { recursive: true });
    await copyFile(join(this.root, '.git', 'info', 'exclude'), join(this.gitDir, 'info', 'exclude')).catch(() => undefined);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async git(...args: string[]): Promise<string> {
    try {
      return await this.runner.raw(args);
    } catch (error) {
      throw new CheckpointError(`git ${args.filter((arg) => arg !== '-c' && !arg.includes('=')).join(' ')} failed: ${gitErrorMessage(error)}`);
    }
  }
}
