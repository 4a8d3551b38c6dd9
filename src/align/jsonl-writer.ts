// Writes JSON Lines to a temporary file beside the target and renames it into place at the
// end, so a crash or Ctrl-C never leaves a half-written training file under the real name.
// Writes are buffered and synchronous: the pipeline produces lines faster than it would gain
// from overlapping them with reading, and the order of lines stays the order of records.
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const FLUSH_CHARS = 1 << 20;

export class JsonlWriter {
  private readonly fd: number;
  private readonly temp: string;
  private buffer: string[] = [];
  private buffered = 0;
  lines = 0;
  bytes = 0;

  constructor(private readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.temp = `${path}.${process.pid}.tmp`;
    this.fd = openSync(this.temp, 'w');
  }

  write(record: unknown): void {
    const line = `${JSON.stringify(record)}\n`;
    this.buffer.push(line);
    this.buffered += line.length;
    this.lines++;
    if (this.buffered >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    this.bytes += writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.buffered = 0;
  }

  /** Flushes, closes and moves the file into place. */
  close(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.temp, this.path);
  }

  /** Closes and removes the temporary file (after an error). */
  abort(): void {
    try {
      closeSync(this.fd);
    } finally {
      rmSync(this.temp, { force: true });
    }
  }
}
