// The Workspace port on plain Node file I/O, for the CLI and tests. The root is resolved to
// its real path once, so every confinement check compares real paths with real paths.
import { realpathSync } from 'node:fs';
import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Workspace } from '../ports';

export class NodeWorkspace implements Workspace {
  readonly root: string;

  /** `root` must exist; it is resolved to its real path here. */
  constructor(root: string) {
    this.root = realpathSync(path.resolve(root));
  }

  /** Like the constructor, without blocking the event loop. */
  static async open(root: string): Promise<NodeWorkspace> {
    return new NodeWorkspace(await realpath(path.resolve(root)));
  }

  readText(absPath: string): Promise<string> {
    return readFile(absPath, 'utf8');
  }

  async writeText(absPath: string, content: string): Promise<void> {
    await mkdir(path.dirname(absPath), { recursive: true });
    // writeFile truncates in place, which keeps the file's mode (an executable script
    // stays executable) and any hard links, unlike write-to-temp-and-rename.
    await writeFile(absPath, content, 'utf8');
  }
}
