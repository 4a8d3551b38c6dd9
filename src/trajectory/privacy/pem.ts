// Private key blocks. A block spans lines, and it may sit in a diff (every line prefixed
// with + or -) or in JSON-escaped text (lines joined by the two characters `\n`). Each body
// line is replaced on its own, so the number of lines stays the same and a diff's hunk
// counts stay right; the BEGIN and END lines stay, so a reader still sees a key was there.
import { PRIVATE_KEY_BEGIN } from './secret-patterns';
import { hasRun } from './shapeless-secrets';

/** A real line break or a JSON-escaped one; captured, so split() keeps them. */
const LINE_BREAK = /(\r?\n|\\r\\n|\\n)/;
/** What may precede a body line's content: diff markers, quotes, comment or quote marks, and
 * a line number as read_file, `cat -n` or `grep -n` print it. */
const LINE_PREFIX = /^[\s+\-"'>#*]*(?:\d+(?:\t|: ?|-|\| ?|→))?/;
/** A line that belongs to a PEM body: base64, or an encryption header. */
const BODY_LINE = /^[\s+\-"'>#*]*(?:\d+(?:\t|: ?|-|\| ?|→))?(?:[A-Za-z0-9+/=]{8,}|Proc-Type:.*|DEK-Info:.*)?\s*$/;
/** A full-width line of key material: PEM wraps at 64 characters, OpenSSH at 70, some at 76. */
const KEY_LINE = /^[A-Za-z0-9+/]{63,64}={0,1}$|^[A-Za-z0-9+/]{69,70}={0,1}$|^[A-Za-z0-9+/]{75,76}={0,1}$/;
const SHORT_KEY_LINE = /^[A-Za-z0-9+/]{4,76}={0,2}$/;

export function redactPrivateKeys(text: string, placeholderFor: (body: string) => string): string {
  if (!text.includes('PRIVATE KEY')) return text;
  let out = '';
  let last = 0;
  PRIVATE_KEY_BEGIN.lastIndex = 0;
  for (let match = PRIVATE_KEY_BEGIN.exec(text); match; match = PRIVATE_KEY_BEGIN.exec(text)) {
    const bodyStart = match.index + match[0].length;
    const endIndex = text.indexOf(`-----END ${match.groups?.label ?? ''}-----`, bodyStart);
    // Output cut short (a capped command output) can lose the END line: then the body runs
    // as long as the lines look like one.
    const bodyEnd = endIndex >= 0 ? endIndex : bodyEndWithoutMarker(text, bodyStart);
    const body = text.slice(bodyStart, bodyEnd);
    const placeholder = placeholderFor(body);
    out += text.slice(last, bodyStart) + replaceBodyLines(body, placeholder);
    last = bodyEnd;
    PRIVATE_KEY_BEGIN.lastIndex = Math.max(bodyEnd, PRIVATE_KEY_BEGIN.lastIndex);
  }
  return last === 0 ? text : out + text.slice(last);
}

/** The content of each body line, without prefixes: each is a secret of its own, so a later
 * read of part of the key (a line range, a page, `sed -n`) is caught line by line. */
export function privateKeyLines(body: string): string[] {
  return body
    .split(LINE_BREAK)
    .filter((_piece, index) => index % 2 === 0)
    .map((piece) => piece.slice((LINE_PREFIX.exec(piece)?.[0] ?? '').length).trim())
    .filter((line) => /^[A-Za-z0-9+/=]{8,}$/.test(line));
}

/**
 * Key material without its BEGIN line (a key read from its middle, `sed -n 5,20p id_rsa`): two
 * or more full-width base64 lines in a row, and the shorter line that may end them. Certificate
 * bodies look the same and go too, which costs nothing.
 */
export function redactKeyLikeLines(text: string, placeholderFor: (lines: string[]) => string): string {
  if (!hasRun(text, 63)) return text;
  const pieces = text.split(LINE_BREAK);
  const content = (index: number) => {
    const piece = pieces[index] ?? '';
    const prefix = LINE_PREFIX.exec(piece)?.[0] ?? '';
    return { prefix, rest: piece.slice(prefix.length).trim() };
  };
  let changed = false;
  for (let index = 0; index < pieces.length; index += 2) {
    const run: number[] = [];
    for (let at = index; at < pieces.length && KEY_LINE.test(content(at).rest); at += 2) run.push(at);
    if (run.length < 2) continue;
    const after = (run.at(-1) ?? index) + 2;
    if (after < pieces.length && SHORT_KEY_LINE.test(content(after).rest)) run.push(after);
    const placeholder = placeholderFor(run.map((at) => content(at).rest));
    for (const at of run) pieces[at] = content(at).prefix + placeholder;
    changed = true;
    index = (run.at(-1) ?? index);
  }
  return changed ? pieces.join('') : text;
}

function replaceBodyLines(body: string, placeholder: string): string {
  return body
    .split(LINE_BREAK)
    .map((piece, index) => {
      if (index % 2 === 1) return piece; // a line break
      const prefix = LINE_PREFIX.exec(piece)?.[0] ?? '';
      return piece.length > prefix.length ? prefix + placeholder : piece;
    })
    .join('');
}

function bodyEndWithoutMarker(text: string, bodyStart: number): number {
  const pieces = text.slice(bodyStart).split(LINE_BREAK);
  let offset = bodyStart;
  for (let index = 0; index < pieces.length; index++) {
    const piece = pieces[index] ?? '';
    // pieces[0] is the rest of the BEGIN line, normally empty.
    if (index % 2 === 0 && index > 0 && !BODY_LINE.test(piece)) return offset;
    offset += piece.length;
  }
  return offset;
}
