// Helpers that turn expected failures into observations. A tool never throws for things a
// model can cause (a missing file, a path outside the workspace, a bad regex): it returns
// an error result the model can read and act on. Anything else is a bug and is rethrown.
import type { ToolResult } from './types';
import { PathError } from './paths';

export function ok(output: string, extra: Omit<ToolResult, 'output' | 'isError'> = {}): ToolResult {
  return { output, isError: false, ...extra };
}

export function fail(output: string, extra: Omit<ToolResult, 'output' | 'isError'> = {}): ToolResult {
  return { output, isError: true, ...extra };
}

const FS_ERRORS: Record<string, (target: string) => string> = {
  ENOENT: (target) => `${target} does not exist. Use list_files to see which files are there.`,
  EISDIR: (target) => `${target} is a folder, not a file. Use list_files to see what it holds.`,
  ENOTDIR: (target) => `${target} is not a folder (a part of the path is a file).`,
  EACCES: (target) => `Permission denied for ${target}.`,
  EPERM: (target) => `Permission denied for ${target}.`,
  EEXIST: (target) => `${target} already exists.`,
  ENAMETOOLONG: (target) => `The path ${target} is too long.`,
};

/** The observation for an expected failure; rethrows anything unexpected. */
export function failureFrom(error: unknown, target: string): ToolResult {
  if (error instanceof PathError) return fail(error.message);
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  const describe = code ? FS_ERRORS[code] : undefined;
  if (describe) return fail(describe(target));
  throw error;
}

/** Runs a tool body, turning expected failures into error results. */
export async function guarded(target: string, body: () => Promise<ToolResult>): Promise<ToolResult> {
  try {
    return await body();
  } catch (error) {
    return failureFrom(error, target);
  }
}
