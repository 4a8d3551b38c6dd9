// list_files: what is in a folder, as paths a model can pass straight to the other tools.
// Ignored files (node_modules, build output) are hidden because they drown the listing
// and are almost never what a fix touches.
import { stat } from 'node:fs/promises';
import { resolveInWorkspace } from './paths';
import { fail, guarded, ok } from './results';
import type { Tool } from './types';
import { walkWorkspace } from './walk';

export type ListFilesArgs = { path?: string; recursive?: boolean };

// Past the cap we keep counting, up to this many times the cap, to say how many were left out.
const COUNT_BEYOND_CAP_FACTOR = 20;

export const listFilesTool: Tool<ListFilesArgs> = {
  name: 'list_files',
  description:
    'List files and folders. Folders end with "/". Files ignored by .gitignore are hidden. ' +
    'Set recursive to true to list everything below the folder too.',
  parameters: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'Folder to list, relative to the workspace root. Default: "." (the root).' },
      recursive: { type: 'boolean', description: 'true: also list inside sub-folders. Default: false.' },
    },
    required: [],
    additionalProperties: false,
  },
  risk: () => 'read',
  describe: (args) => `List ${args.path ?? '.'}${args.recursive ? ' (recursive)' : ''}`,
  execute: (args, ctx) =>
    guarded(args.path ?? '.', async () => {
      const folder = await resolveInWorkspace(ctx.workspace.root, args.path ?? '.');
      if (!(await stat(folder.abs)).isDirectory()) {
        return fail(`${folder.rel} is a file, not a folder. Use read_file to read it.`);
      }
      const cap = ctx.limits.maxListEntries;
      const countLimit = cap * COUNT_BEYOND_CAP_FACTOR;
      const shown: string[] = [];
      let seen = 0;
      for await (const entry of walkWorkspace(ctx.workspace.root, folder.rel, { recursive: args.recursive ?? false, signal: ctx.signal })) {
        seen++;
        if (shown.length < cap) shown.push(entry.isDir ? `${entry.rel}/` : entry.rel);
        if (seen >= countLimit) break;
      }
      if (seen === 0) return ok(`The folder ${folder.rel} is empty (or holds only ignored files).`);
      // The walk is breadth-first so a capped listing shows the top of the tree; sorting
      // afterwards groups each folder's contents together for reading.
      shown.sort();
      const hidden = seen - shown.length;
      if (hidden === 0) return ok(shown.join('\n'));
      const more = seen >= countLimit ? `at least ${hidden}` : String(hidden);
      const hint = args.recursive ? 'List a sub-folder, or use search to find files by content.' : 'List a sub-folder to see more.';
      return ok(`${shown.join('\n')}\n[${more} more ${hidden === 1 ? 'entry' : 'entries'} not shown (limit ${cap}). ${hint}]`, {
        truncated: true,
      });
    }),
};
