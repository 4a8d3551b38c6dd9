// git_diff: the changes so far, as a unified diff. New (untracked) files do not appear in
// `git diff`, so they are listed after it; otherwise a model would think they were lost.
import { gitAt, gitErrorMessage, isGitWorkTree, NOT_A_REPO } from './git';
import { resolveInWorkspace } from './paths';
import { fail, guarded, ok } from './results';
import type { Tool } from './types';
import { headTail } from '../util/head-tail';

export type GitDiffArgs = { path?: string; staged?: boolean };

export const gitDiffTool: Tool<GitDiffArgs> = {
  name: 'git_diff',
  description: 'Show the changes made to files since the last git commit, as a diff. Optionally for one file or folder.',
  parameters: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'Only show changes in this file or folder. Default: all.' },
      staged: { type: 'boolean', description: 'true: show only changes already staged with git add. Default: false.' },
    },
    required: [],
    additionalProperties: false,
  },
  risk: () => 'read',
  describe: (args) => `git diff${args.staged ? ' --staged' : ''}${args.path ? ` ${args.path}` : ''}`,
  execute: (args, ctx) =>
    guarded(args.path ?? '.', async () => {
      const root = ctx.workspace.root;
      const scope = await resolveInWorkspace(root, args.path ?? '.');
      const git = gitAt(root, { signal: ctx.signal });
      if (!(await isGitWorkTree(root, git))) return fail(NOT_A_REPO);
      try {
        // No external diff or textconv program; a submodule's own work tree (and config) is not entered.
        const diffArgs = ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--ignore-submodules=dirty', ...(args.staged ? ['--cached'] : []), '--', scope.rel];
        const diff = await git.raw(diffArgs);
        const untracked = args.staged ? '' : await git.raw(['ls-files', '--others', '--exclude-standard', '--', scope.rel]);
        const newFiles = untracked.split('\n').filter((line) => line !== '');
        const parts: string[] = [];
        if (diff.trim() !== '') parts.push(headTail(diff.trimEnd(), ctx.limits.maxCommandOutputChars).text);
        if (newFiles.length > 0) {
          parts.push(`New files not yet tracked by git (not shown above; use read_file):\n${newFiles.join('\n')}`);
        }
        if (parts.length === 0) return ok(args.staged ? 'No staged changes.' : 'No changes since the last commit.');
        return ok(parts.join('\n\n'), { truncated: diff.length > ctx.limits.maxCommandOutputChars });
      } catch (error) {
        return fail(`git diff failed: ${gitErrorMessage(error)}`);
      }
    }),
};
