// Reading a workspace file as text for a tool, with the checks a model needs spelled out:
// a folder, a binary file or a huge file each get their own clear message rather than a
// page of mojibake or an out-of-memory crash.
import { open, stat } from 'node:fs/promises';
import type { Workspace } from '../host/ports';
import type { ResolvedPath } from './paths';

/** Files larger than this are refused by read_file and edit_file and skipped by search. */
export const MAX_TEXT_FILE_BYTES = 10 * 1024 * 1024;

// Git's heuristic: a NUL byte in the first 8000 bytes marks a file as binary.
const BINARY_SNIFF_BYTES = 8000;

export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

export async function sniffBinary(absPath: string): Promise<boolean> {
  const handle = await open(absPath, 'r');
  try {
    const buffer = Buffer.alloc(BINARY_SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, BINARY_SNIFF_BYTES, 0);
    return looksBinary(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

export type TextFileRead = { ok: true; text: string } | { ok: false; message: string };

/** Reads a file through the workspace port after checking it is a readable text file. */
export async function readTextFile(workspace: Workspace, file: ResolvedPath): Promise<TextFileRead> {
  const info = await stat(file.abs);
  if (info.isDirectory()) {
    return { ok: false, message: `${file.rel} is a folder, not a file. Use list_files to see what it holds.` };
  }
  if (!info.isFile()) return { ok: false, message: `${file.rel} is not a regular file.` };
  if (info.size > MAX_TEXT_FILE_BYTES) {
    const mb = (info.size / (1024 * 1024)).toFixed(1);
    return { ok: false, message: `${file.rel} is too large (${mb} MB) to read whole. Use search to find the part you need.` };
  }
  if (await sniffBinary(file.abs)) {
    return { ok: false, message: `${file.rel} is a binary file (${info.size} bytes); it cannot be shown as text.` };
  }
  return { ok: true, text: await workspace.readText(file.abs) };
}

/** Splits text into lines; a final line break does not start another (empty) line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}
