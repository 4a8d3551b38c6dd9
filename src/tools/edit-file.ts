// edit_file: search/replace edits, the format local models handle most reliably. Either
// one old_string/new_string pair or a list of them; all apply or none do, so a half-failed
// call never leaves a file half edited.
import { findClosestLines } from './closest-lines';
import { type MatchLevel, replaceOnce } from './edit-match';
import { diffStat, makeFileEdit } from './file-edit';
import { resolveInWorkspace, isErrno, type ResolvedPath } from './paths';
import { fail, guarded, ok } from './results';
import { readTextFile } from './text-file';
import type { Workspace } from '../host/ports';
import type { Tool, ToolContext, ToolResult } from './types';
import { headTail } from '../util/head-tail';

export type SearchReplace = { old_string: string; new_string: string };
export type EditFileArgs = { path: string; old_string?: string; new_string?: string; edits?: SearchReplace[] };

const LEVEL_NOTES: Record<MatchLevel, string> = {
  exact: '',
  'trailing-whitespace': 'matched ignoring trailing spaces',
  indentation: "matched ignoring indentation; the file's indentation was kept",
  whitespace: 'matched ignoring whitespace differences',
};

// The "closest lines" hint shows at most this many lines.
const MAX_HINT_LINES = 30;

const textField = (description: string) => ({ type: 'string', description });

export const editFileTool: Tool<EditFileArgs> = {
  name: 'edit_file',
  description:
    'Change part of an existing file: replace old_string with new_string. old_string must be copied exactly ' +
    'from the file (without line numbers) and must match only one place; include a few nearby lines to make it unique. ' +
    'For several changes in one file, pass edits: a list of {old_string, new_string}.',
  parameters: {
    type: 'object',
    properties: {
      path: textField('File to change, relative to the workspace root.'),
      old_string: textField('The exact text to replace, copied from the file.'),
      new_string: textField('The text to put in its place. Use "" to delete old_string.'),
      edits: {
        type: 'array',
        minItems: 1,
        description: 'Several replacements, applied in order. Use instead of old_string/new_string.',
        items: {
          type: 'object',
          properties: {
            old_string: textField('The exact text to replace.'),
            new_string: textField('The text to put in its place.'),
          },
          required: ['old_string', 'new_string'],
          additionalProperties: false,
        },
      },
    },
    required: ['path'],
    additionalProperties: false,
  },
  risk: () => 'edit',
  describe: (args) => `Edit ${args.path}`,
  preview: async (args, ctx) => {
    const plan = await planEdit(args, ctx).catch(() => undefined);
    return plan && 'after' in plan ? makeFileEdit(plan.file.rel, plan.before, plan.after).diff : null;
  },
  execute: (args, ctx) =>
    guarded(args.path, async () => {
      const plan = await planEdit(args, ctx);
      if (!('after' in plan)) return plan;
      const { file, before, after, notes } = plan;
      if (after === before) return ok(`No change: ${file.rel} already has this content.`);

      await ctx.workspace.writeText(file.abs, after);
      const edit = makeFileEdit(file.rel, before, after);
      const diff = headTail(edit.diff, ctx.limits.maxCommandOutputChars).text;
      const noteText = notes.length > 0 ? `\n${notes.join('\n')}` : '';
      return ok(`Edited ${file.rel} (${diffStat(edit.diff)} lines).${noteText}\n${diff}`, { edit });
    }),
};

interface EditPlan {
  file: ResolvedPath;
  before: string;
  after: string;
  notes: string[];
}

/** Works out the new content without writing it: execute applies it, preview shows it for
 * approval. Returns a failed ToolResult when the edit cannot apply. */
async function planEdit(args: EditFileArgs, ctx: Pick<ToolContext, 'workspace'>): Promise<EditPlan | ToolResult> {
  const edits = editsOf(args);
  if (typeof edits === 'string') return fail(edits);
  const file = await resolveInWorkspace(ctx.workspace.root, args.path, { forWrite: true });
  const before = await readExisting(ctx.workspace, file);
  if (typeof before !== 'string') return before;

  // A pure CRLF file is edited in LF form so LF search text matches, then converted back.
  const crlf = before.includes('\r\n') && !/(^|[^\r])\n/.test(before);
  let content = crlf ? before.replace(/\r\n/g, '\n') : before;
  const notes: string[] = [];
  for (const [index, edit] of edits.entries()) {
    const label = edits.length > 1 ? `Edit ${index + 1} of ${edits.length}: ` : '';
    const search = edit.old_string.replace(/\r\n/g, '\n');
    const replacement = edit.new_string.replace(/\r\n/g, '\n');
    if (search.trim() === '') return fail(`${label}old_string is empty. Copy the lines to change from the file; to make a new file use create_file.`);
    if (search === replacement) return fail(`${label}old_string and new_string are the same, so there is nothing to change.`);
    const outcome = replaceOnce(content, search, replacement);
    if (outcome.kind === 'no-match') return noMatch(label, file.rel, content, search, edits.length);
    if (outcome.kind === 'ambiguous') {
      const loose = outcome.level === 'exact' ? '' : ' (when whitespace is ignored)';
      return fail(
        `${label}old_string matches ${outcome.lines.length} places in ${file.rel}${loose}, at lines ${outcome.lines.join(', ')}. ` +
          'Add a few neighbouring lines to old_string so that it matches only one place.',
      );
    }
    content = outcome.content;
    if (outcome.level !== 'exact') {
      notes.push(`Note: ${edits.length > 1 ? `edit ${index + 1}` : 'old_string'} ${LEVEL_NOTES[outcome.level]}.`);
    }
  }
  return { file, before, after: crlf ? content.replace(/\n/g, '\r\n') : content, notes };
}

function editsOf(args: EditFileArgs): SearchReplace[] | string {
  const hasPair = args.old_string !== undefined || args.new_string !== undefined;
  if (args.edits && hasPair) return 'Give either old_string and new_string, or edits, not both.';
  if (args.edits) return args.edits.length > 0 ? args.edits : 'edits is empty; give at least one {old_string, new_string}.';
  if (args.old_string === undefined || args.new_string === undefined) {
    return 'edit_file needs both old_string and new_string (or a list of edits).';
  }
  return [{ old_string: args.old_string, new_string: args.new_string }];
}

async function readExisting(workspace: Workspace, file: ResolvedPath): Promise<string | ToolResult> {
  try {
    const read = await readTextFile(workspace, file);
    return read.ok ? read.text : fail(read.message);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return fail(`${file.rel} does not exist. Use create_file to make a new file.`);
    throw error;
  }
}

function noMatch(label: string, rel: string, content: string, search: string, editCount: number): ToolResult {
  const lines = content.split('\n');
  const closest = findClosestLines(lines, search.split('\n'));
  const applied = editCount > 1 ? ' No edit was applied.' : '';
  let message = `${label}old_string was not found in ${rel}.${applied}`;
  if (closest) {
    const end = Math.min(closest.end, closest.start + MAX_HINT_LINES - 1);
    const shown = lines
      .slice(closest.start - 1, end)
      .map((line, i) => `${closest.start + i}\t${line}`)
      .join('\n');
    message += `\nThe most similar lines in the file are ${closest.start}-${end}:\n${shown}`;
  }
  message += '\nCopy the current text exactly (use read_file, leave out the line numbers) and try again.';
  return fail(message);
}
