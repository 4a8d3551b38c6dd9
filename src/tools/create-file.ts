// create_file: writes a whole new file. Replacing an existing file wholesale loses whatever
// the model did not re-type, so that needs an explicit overwrite: true.
import { stat } from 'node:fs/promises';
import { diffStat, makeFileEdit } from './file-edit';
import { isErrno, resolveInWorkspace } from './paths';
import { fail, guarded, ok } from './results';
import { readTextFile } from './text-file';
import type { Tool } from './types';
import { headTail } from '../util/head-tail';

export type CreateFileArgs = { path: string; content: string; overwrite?: boolean };

export const createFileTool: Tool<CreateFileArgs> = {
  name: 'create_file',
  description:
    'Create a new file with the given content. Folders are created as needed. ' +
    'To change an existing file use edit_file; set overwrite to true only to replace a whole file.',
  parameters: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'Path of the new file, relative to the workspace root, e.g. "tests/test_parser.py".' },
      content: { type: 'string', description: 'The complete text of the file.' },
      overwrite: { type: 'boolean', description: 'true: replace the file if it already exists. Default: false.' },
    },
    required: ['path', 'content'],
    additionalProperties: false,
  },
  risk: () => 'edit',
  describe: (args) => `${args.overwrite ? 'Create or overwrite' : 'Create'} ${args.path}`,
  preview: async (args, ctx) => {
    try {
      const file = await resolveInWorkspace(ctx.workspace.root, args.path, { forWrite: true });
      const existing = await existingKind(file.abs);
      if (existing === 'folder' || (existing === 'file' && !args.overwrite)) return null;
      const read = existing === 'file' ? await readTextFile(ctx.workspace, file) : null;
      if (read && !read.ok) return null;
      return makeFileEdit(file.rel, read ? read.text : null, args.content).diff;
    } catch {
      return null;
    }
  },
  execute: (args, ctx) =>
    guarded(args.path, async () => {
      const file = await resolveInWorkspace(ctx.workspace.root, args.path, { forWrite: true });
      if (file.rel === '.') return fail('create_file needs a file path, not the workspace root.');
      const existing = await existingKind(file.abs);
      if (existing === 'folder') return fail(`${file.rel} is a folder; give a file path inside it.`);
      let before: string | null = null;
      if (existing === 'file') {
        if (!args.overwrite) {
          return fail(`${file.rel} already exists. Use edit_file to change it, or call create_file with overwrite: true to replace it completely.`);
        }
        // Only text can be diffed and restored from the record; a binary file is left alone.
        const read = await readTextFile(ctx.workspace, file);
        if (!read.ok) return fail(`${read.message} create_file will not overwrite it.`);
        before = read.text;
      }
      await ctx.workspace.writeText(file.abs, args.content);
      const edit = makeFileEdit(file.rel, before, args.content);
      const lines = args.content === '' ? 0 : args.content.split('\n').length - (args.content.endsWith('\n') ? 1 : 0);
      const summary =
        existing === 'file' ? `Overwrote ${file.rel} (${diffStat(edit.diff)} lines).` : `Created ${file.rel} (${lines} ${lines === 1 ? 'line' : 'lines'}).`;
      const detail = existing === 'file' && edit.diff !== '' ? `\n${headTail(edit.diff, ctx.limits.maxCommandOutputChars).text}` : '';
      return ok(summary + detail, { edit });
    }),
};

async function existingKind(abs: string): Promise<'file' | 'folder' | 'none'> {
  try {
    return (await stat(abs)).isDirectory() ? 'folder' : 'file';
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'none';
    throw error;
  }
}
