// A file written only at its end, synchronously. The agent's event bus is synchronous, so a
// record appended here is in the kernel before the next tool runs: a killed process loses
// nothing it had recorded. (Surviving a power cut as well takes an fsync per append: `fsync`.)
import { closeSync, fsyncSync, readSync, fstatSync, writeSync } from 'node:fs';
import { openPrivate } from './private-files';

export interface AppendLogOptions {
  /** fsync after each append: survives an OS crash, at a large cost per event. */
  fsync?: boolean;
}

export class AppendLog {
  private fd: number | null;

  private constructor(fd: number, private readonly fsync: boolean) {
    this.fd = fd;
  }

  /** Opens (creating it readable by the user only, never through a symbolic link) for appending. When the file already ends
   * in a partial line (a crash mid-write), a newline is added first so that the next record
   * starts on a line of its own and the damage stays confined to that one line. */
  static open(path: string, options: AppendLogOptions = {}): AppendLog {
    const fd = openPrivate(path, 'append-read');
    const log = new AppendLog(fd, options.fsync ?? false);
    try {
      if (!endsWithNewlineOrEmpty(fd)) log.append('\n');
    } catch (error) {
      log.close();
      throw error;
    }
    return log;
  }

  get isOpen(): boolean {
    return this.fd !== null;
  }

  append(text: string): void {
    if (this.fd === null) throw new Error('The append log is closed.');
    const bytes = Buffer.from(text, 'utf8');
    // writeSync may write less than asked (a full disk, a signal); loop until all is written.
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
    if (this.fsync) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    closeSync(fd);
  }
}

function endsWithNewlineOrEmpty(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}
