// Terminal output carries colour codes, cursor moves and window titles that mean nothing to a
// model and waste its context. These helpers remove them, also when a sequence is split
// across two chunks of a stream.

// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), other two-byte ESC sequences, and the
// 8-bit CSI introducer. Written after the widely used `ansi-regex` pattern.
const ANSI_PATTERN =
  // eslint-disable-next-line no-control-regex
  /[\u001B\u009B][[\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\d/#&.:=?%@~_]+)*|[a-zA-Z\d]+(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?(?:\u0007|\u001B\\))|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-nq-uy=><~]))/g;

/** Removes ANSI escape sequences from text. */
export function stripAnsi(text: string): string {
  return text.includes('\u001B') || text.includes('\u009B') ? text.replace(ANSI_PATTERN, '') : text;
}

// A real escape sequence is short; an ESC further back than this is not waiting for its end.
const MAX_PENDING_SEQUENCE = 64;

/**
 * Strips escapes from a stream of chunks. A chunk that ends in the middle of a sequence keeps
 * that unfinished part back until the next chunk completes it.
 */
export class AnsiStreamStripper {
  private pending = '';

  push(chunk: string): string {
    const text = this.pending + chunk;
    const lastEsc = Math.max(text.lastIndexOf('\u001B'), text.lastIndexOf('\u009B'));
    // Only a sequence started by the last ESC can still be open (an OSC ended by ESC-backslash split
    // right after its ESC is the rare exception, and then only its text leaks through).
    if (lastEsc >= 0 && text.length - lastEsc <= MAX_PENDING_SEQUENCE && isUnfinishedEscape(text.slice(lastEsc))) {
      this.pending = text.slice(lastEsc);
      return stripAnsi(text.slice(0, lastEsc));
    }
    this.pending = '';
    return stripAnsi(text);
  }

  /** Whatever is still held back, stripped as well as it can be. */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return stripAnsi(rest).replaceAll('\u001B', '').replaceAll('\u009B', '');
  }
}

/* eslint-disable no-control-regex -- this file is about control characters */
// The starts of sequences still waiting for their final byte: a lone ESC, a CSI without
// its final letter, an OSC without its BEL or ESC \ terminator, a charset selector.
const UNFINISHED = [
  /^[\u001B\u009B]$/,
  /^(?:\u001B\[|\u009B)[0-?]*[ -/]*$/,
  /^\u001B\][^\u0007\u001B\n]*\u001B?$/,
  /^\u001B[()#]$/,
];
/* eslint-enable no-control-regex */

function isUnfinishedEscape(tail: string): boolean {
  return UNFINISHED.some((pattern) => pattern.test(tail));
}

/**
 * Turns terminal text into plain lines: CRLF becomes LF, and a line redrawn with carriage
 * returns (progress bars) keeps only what was drawn last.
 */
export function normalizeTerminalText(text: string): string {
  if (!text.includes('\r')) return text;
  return text
    .replace(/\r+\n/g, '\n')
    .split('\n')
    .map((line) => {
      const drawn = line.replace(/\r+$/, '');
      return drawn.slice(drawn.lastIndexOf('\r') + 1);
    })
    .join('\n');
}
