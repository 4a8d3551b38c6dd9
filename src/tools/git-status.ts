// git_status: which files the run (or the user) has changed so far.
import { gitAt, gitErrorMessage, isGitWorkTree, NOT_A_REPO } from './git';
import { fail, ok } from './results';
import type { Tool } from './types';

export type GitStatusArgs = Record<string, never>;

// Weak models misread two-letter status codes; a short legend costs little.
const LEGEND = 'Codes: M modified, A added, D deleted, R renamed, ?? untracked (new). Left column = staged, right = not staged.';

export const gitStatusTool: Tool<GitStatusArgs> = {
  name: 'git_status',
  description: 'Show which files are changed, added or new compared to the last git commit.',
  parameters: { type: 'object', properties: {}, required: [], additionalProperties: false },
  risk: () => 'read',
  describe: () => 'git status',
  async execute(_args, ctx) {
    const root = ctx.workspace.root;
    const git = gitAt(root, { signal: ctx.signal });
    if (!(await isGitWorkTree(root, git))) return fail(NOT_A_REPO);
    try {
      const text = await git.raw(['status', '--short', '--branch', '--untracked-files=all', '--ignore-submodules=dirty', '--', '.']);
      const [branchLine = '', ...changes] = text.split('\n').filter((line) => line !== '');
      const branch = branchLine.replace(/^## /, '');
      if (changes.length === 0) return ok(`Branch: ${branch}\nNo changes: the working tree matches the last commit.`);
      return ok(`Branch: ${branch}\n${changes.join('\n')}\n${LEGEND}`);
    } catch (error) {
      return fail(`git status failed: ${gitErrorMessage(error)}`);
    }
  },
};
