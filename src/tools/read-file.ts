// read_file: shows a file with line numbers, one page at a time, so a model can cite lines
// and never swallows a 20,000-line file whole.
import { resolveInWorkspace } from './paths';
import { fail, guarded, ok } from './results';
import { readTextFile, splitLines } from './text-file';
import type { Tool } from './types';

export type ReadFileArgs = { path: string; start_line?: number; end_line?: number };

/** Longer lines (minified code, data) are cut so one line cannot flood the context. */
export const MAX_LINE_CHARS = 2000;

export const readFileTool: Tool<ReadFileArgs> = {
  name: 'read_file',
  description:
    'Read a text file. Shows numbered lines (the numbers are not part of the file). ' +
    'Long files come in pages; use start_line and end_line to read other parts.',
  parameters: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'File path relative to the workspace root, e.g. "src/main.py".' },
      start_line: { type: 'integer', minimum: 1, description: 'First line to show (1 = first line). Optional.' },
      end_line: { type: 'integer', minimum: 1, description: 'Last line to show, inclusive. Optional.' },
    },
    required: ['path'],
    additionalProperties: false,
  },
  risk: () => 'read',
  describe: (args) => `Read ${args.path}${args.start_line ? ` from line ${args.start_line}` : ''}`,
  execute: (args, ctx) =>
    guarded(args.path, async () => {
      const file = await resolveInWorkspace(ctx.workspace.root, args.path);
      const read = await readTextFile(ctx.workspace, file);
      if (!read.ok) return fail(read.message);
      const lines = splitLines(read.text);
      const total = lines.length;
      if (total === 0) return ok(`${file.rel} is empty (0 lines).`);

      const start = args.start_line ?? 1;
      if (start > total) {
        return fail(`start_line ${start} is past the end of ${file.rel}, which has ${total} lines.`);
      }
      if (args.end_line !== undefined && args.end_line < start) {
        return fail(`end_line (${args.end_line}) is before start_line (${start}).`);
      }
      const wanted = Math.min(args.end_line ?? total, total);
      const end = Math.min(wanted, start + ctx.limits.readPageLines - 1);

      const width = String(end).length;
      const body = lines
        .slice(start - 1, end)
        .map((line, i) => `${String(start + i).padStart(width)}\t${clipLine(line)}`)
        .join('\n');
      const header = start === 1 && end === total ? `${file.rel} (${total} lines)` : `${file.rel} (lines ${start}-${end} of ${total})`;
      // Only a page cut gets a note: a range the model asked for is shown as asked.
      const paged = end < wanted;
      const footer = paged
        ? `\n[${total - end} more lines. To read on, call read_file with path "${file.rel}" and start_line ${end + 1}.]`
        : '';
      // The whole file goes along for the recorder: a secret is found in the file as written,
      // before line numbers and paging cut it up (a private key read from its middle).
      return ok(`${header}\n${body}${footer}`, { truncated: paged, sourceText: read.text });
    }),
};

function clipLine(line: string): string {
  if (line.length <= MAX_LINE_CHARS) return line;
  return `${line.slice(0, MAX_LINE_CHARS)}... [line cut, ${line.length - MAX_LINE_CHARS} more characters]`;
}
