// Private key blocks. A block spans lines, and it may sit in a diff (every line prefixed
// with + or -) or in JSON-escaped text (lines joined by the two characters `\n`). Each body
// line is replaced on its own, so the number of lines stays the same and a diff's hunk
// counts stay right; the BEGIN and END lines stay, so a reader still sees a key was there.
import { PRIVATE_KEY_BEGIN } from './secret-patterns';

/** A real line break or a JSON-escaped one; captured, so split() keeps them. */
const LINE_BREAK = /(\r?\n|\\r\\n|\\n)/;
/** What may precede a body line's content: diff markers, quotes, comment or quote marks. */
const LINE_PREFIX = /^[\s+\-"'>#*]*/;
/** A line that belongs to a PEM body: base64, or an encryption header. */
const BODY_LINE = /^[\s+\-"'>#*]*(?:[A-Za-z0-9+/=]{8,}|Proc-Type:.*|DEK-Info:.*)?\s*$/;

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
