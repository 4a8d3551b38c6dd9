// The final patch of a run: everything the working tree changed against HEAD, new files
// included, as one unified diff. It is built in a temporary index so the user's staging
// area is never touched: `git add -A` into a throwaway index, then `git diff --cached`.
// (Blobs for new files do land in .git/objects as loose objects; git gc prunes them.)
import { copyFile, mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gitAt, isGitWorkTree } from './git';
import { isErrno } from './paths';

// No colour, no external diff drivers or textconv (their output cannot be applied), no
// rename detection (plain add/delete pairs apply with every patch tool), a/ b/ prefixes,
// paths relative to the workspace when it is a sub-folder of a repository.
const DIFF_FLAGS = ['--no-color', '--no-ext-diff', '--no-textconv', '--ignore-submodules=dirty', '--no-renames', '--src-prefix=a/', '--dst-prefix=b/', '--relative'];

/**
 * Unified diff of the workspace against HEAD, untracked (not ignored) files included.
 * Returns '' when nothing changed, and '' for a workspace that is not a git repository
 * (there is no baseline to diff against; callers record the edits themselves).
 * Works in a repository without commits: everything then shows as added.
 */
export async function workspacePatch(root: string): Promise<string> {
  const plain = gitAt(root);
  if (!(await isGitWorkTree(root, plain))) return '';
  const scratch = await mkdtemp(path.join(tmpdir(), 'crux-patch-'));
  try {
    const index = path.join(scratch, 'index');
    const git = gitAt(root, { env: { GIT_INDEX_FILE: index } });
    // Starting from a copy of the user's index keeps git's cached file stats, so
    // `add -A` only rehashes files that changed instead of the whole tree.
    const userIndex = path.resolve(root, (await plain.raw(['rev-parse', '--git-path', 'index'])).trim());
    await copyIndex(userIndex, index);
    // --quiet prints nothing (and exits 1 without an error message) when there is no commit yet.
    const head = await git.raw(['rev-parse', '--verify', '--quiet', 'HEAD']).catch(() => '');
    const hasHead = head.trim() !== '';
    // The copied index may hold staged changes; reset it to HEAD so they count as changes
    // of the run, then stage the whole working tree on top. (--reset, a one-tree merge,
    // keeps the cached stats of entries that match HEAD, and drops unmerged entries.)
    if (hasHead) await git.raw(['read-tree', '--reset', 'HEAD']);
    else await git.raw(['read-tree', '--empty']);
    await git.raw(['add', '-A', '--', '.']);
    return await git.raw(['diff', '--cached', ...DIFF_FLAGS, '--', '.']);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Copies the index with its timestamps. git trusts a cached stat only when the entry is older
 * than the index file (whole seconds); a copy with a fresh mtime would turn "racily clean"
 * entries into trusted ones and hide a same-size edit made in the second of the last add. */
async function copyIndex(from: string, to: string): Promise<void> {
  try {
    await copyFile(from, to);
    const { atime, mtime } = await stat(from);
    await utimes(to, atime, mtime);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}
