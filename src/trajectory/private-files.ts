// Files of a run store, opened so that a link planted in a repository cannot redirect them: a
// workspace can commit `.crux/trajectories/index.jsonl` as a symlink to ~/.bashrc, and recording
// would then append JSON to the user's shell startup file. Every folder from the workspace down
// to the store must be a real folder, and every file is opened with O_NOFOLLOW; anything else is
// refused, and nothing is recorded. Folders are created private (0700), files 0600.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

export class LinkRefusedError extends Error {
  override name = 'LinkRefusedError';
}

/** 0 where the platform has no O_NOFOLLOW (Windows): there an lstat check stands in for it. */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
/** A FIFO planted at a file's name must not block the open (regular files ignore the flag). */
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/**
 * Creates the folder (0700) and any missing parents below `within`, refusing when the folder or
 * any folder between `within` and it is a symbolic link or not a folder. Without `within`
 * (a folder the user named), only the folder itself is checked.
 */
export function ensurePrivateDir(dir: string, within?: string): void {
  const target = resolve(dir);
  const below = within === undefined ? '' : relative(resolve(within), target);
  if (within === undefined || below === '' || below.startsWith('..') || isAbsolute(below)) {
    mkdirSync(target, { recursive: true, mode: 0o700 });
    checkRealDir(target);
    return;
  }
  let current = resolve(within);
  for (const part of below.split(sep)) {
    current = join(current, part);
    try {
      checkRealDir(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(current, { mode: 0o700 });
    }
  }
}

function checkRealDir(path: string): void {
  const stats = lstatSync(path);
  if (stats.isSymbolicLink()) throw new LinkRefusedError(`${path} is a symbolic link; refusing to record through it`);
  if (!stats.isDirectory()) throw new LinkRefusedError(`${path} is not a folder; refusing to record there`);
}

export type OpenMode = 'append' | 'append-read' | 'create-new' | 'read';

const FLAGS: Record<OpenMode, number> = {
  append: constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT,
  'append-read': constants.O_RDWR | constants.O_APPEND | constants.O_CREAT,
  'create-new': constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
  read: constants.O_RDONLY,
};

/** Opens a file without following a link at its name; new files are 0600. Returns the fd. */
export function openPrivate(path: string, mode: OpenMode): number {
  if (NOFOLLOW === 0) refuseLink(path);
  let fd: number;
  try {
    fd = openSync(path, FLAGS[mode] | NOFOLLOW | NONBLOCK, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ELOOP: the name is a symbolic link (EMLINK on some BSDs). EEXIST for create-new may be one too.
    if (code === 'ELOOP' || code === 'EMLINK' || (code === 'EEXIST' && isLink(path))) {
      throw new LinkRefusedError(`${path} is a symbolic link; refusing to open it`);
    }
    throw error;
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new LinkRefusedError(`${path} is not a regular file; refusing to open it`);
  }
  return fd;
}

/** The whole file as text, opened as above. */
export function readPrivateText(path: string): string {
  const fd = openPrivate(path, 'read');
  try {
    const chunks: Buffer[] = [];
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, read)));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Throws when something other than a regular file (a link, a folder, a FIFO) is at the name. */
export function refuseLink(path: string): void {
  let stats;
  try {
    stats = lstatSync(path);
  } catch {
    return;
  }
  if (stats.isSymbolicLink()) throw new LinkRefusedError(`${path} is a symbolic link; refusing to open it`);
  if (!stats.isFile()) throw new LinkRefusedError(`${path} is not a regular file; refusing to open it`);
}
