// node-pty reports a command's exit before it has read everything the command wrote: on
// Linux the pty's buffer is dropped when the last writer closes, and with it the tail of
// the output (the test summary, the final error). So the shell announces the end in-band:
// an EXIT trap prints a unique marker and waits for a line on stdin; seeing the marker
// proves every byte before it has arrived, and we answer the line so the shell exits.
// A command that replaces the shell (`exec`) or sets its own EXIT trap goes without it.
//
// The command itself reads /dev/null, as under the plain child-process terminal: the model
// cannot type, so `cat` or `read` must end at once rather than wait for the timeout. The
// terminal stays on descriptor 3, where only the trap reads our answer.
import { randomBytes } from 'node:crypto';

/** How long the shell waits for our answer before exiting anyway. */
const ACK_TIMEOUT_SECONDS = 5;

export interface EndMarker {
  marker: string;
  /** The script to run with `bash -c`. */
  script: string;
}

export function withEndMarker(command: string): EndMarker {
  const marker = `__CRUX_END_${randomBytes(8).toString('hex')}__`;
  // The marker is assembled by printf, so it never appears in the script text itself.
  const half = marker.length >> 1;
  const trap =
    `trap '__crux_status=$?; printf "%s%s" "${marker.slice(0, half)}" "${marker.slice(half)}"; ` +
    `read -r -t ${ACK_TIMEOUT_SECONDS} __crux_ack <&3; exit $__crux_status' EXIT`;
  return { marker, script: `${trap}\nexec 3<&0 </dev/null\n${command}` };
}

/**
 * Finds the marker in a stream of chunks. Text before it is released; a chunk ending in
 * what may be the start of the marker is held back until the next chunk decides.
 */
export class EndMarkerScanner {
  private held = '';
  private seen = false;

  constructor(private readonly marker: string) {}

  get found(): boolean {
    return this.seen;
  }

  /** The text that is certainly output; '' once the marker has been seen. */
  push(chunk: string): string {
    if (this.seen) return '';
    const text = this.held + chunk;
    const at = text.indexOf(this.marker);
    if (at >= 0) {
      this.seen = true;
      this.held = '';
      return text.slice(0, at);
    }
    const keep = this.partialMarkerLength(text);
    this.held = text.slice(text.length - keep);
    return text.slice(0, text.length - keep);
  }

  /** Whatever was held back, when the stream ends without the marker. */
  flush(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }

  private partialMarkerLength(text: string): number {
    for (let length = Math.min(this.marker.length - 1, text.length); length > 0; length--) {
      if (this.marker.startsWith(text.slice(text.length - length))) return length;
    }
    return 0;
  }
}
