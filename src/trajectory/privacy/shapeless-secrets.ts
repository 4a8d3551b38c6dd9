// Secrets the named-token patterns miss because of how they are written rather than what they
// are (issue 10's attacker corpus): cookie headers, passwords glued to a flag (`mysql -pX`),
// Azure and ADO.NET connection strings, base64-wrapped secrets, the second half of a secret
// split over two lines, and random tokens with no label at all (an entropy check).
//
// Each pass takes the text and a `register(secret, kind)` that returns the placeholder, and
// returns the text with the secrets replaced, like the pattern passes of the redactor.

export type Register = (secret: string, kind: string) => string;

const PLACEHOLDER = /\[REDACTED:[a-z0-9-]+\]/;

/** Whether the text holds `length` characters in a row that could be base64 (or, with
 * `tokenChars`, also `_`, `-` and `=`). One linear scan: a regex like /[A-Za-z0-9+/]{24}/
 * tries every start position, which made it the redactor's slowest step on long outputs. */
export function hasRun(text: string, length: number, tokenChars = false): boolean {
  const table = tokenChars ? TOKEN_CHARS : BASE64_CHARS;
  let run = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 128 && table[code] === 1) {
      if (++run >= length) return true;
    } else {
      run = 0;
    }
  }
  return false;
}

function charTable(extra: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const ch of `ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/${extra}`) table[ch.charCodeAt(0)] = 1;
  return table;
}
const BASE64_CHARS = charTable('');
const TOKEN_CHARS = charTable('_-=');
const RUN_CHARS = charTable('_-=.');

/** `Cookie: a=1; b=2`, `Set-Cookie: session=...`, `curl -b 'session=...'`: every value. */
export function redactCookies(text: string, register: Register): string {
  if (!/cookie|\s-b\s/i.test(text)) return text;
  const header = /((?<![A-Za-z0-9-])(?:set-)?cookie\\?["']?\s*[:=]\s*\\?["']?|\s(?:-b|--cookie)\s+\\?["']?)([^\r\n"'\\]*)/gi;
  return text.replace(header, (_match, lead: string, pairs: string) =>
    lead + pairs.replace(/(^|;\s*)([^=;\s]+)=([^;\s]+)/g, (pair, sep: string, name: string, value: string) => {
      // Attributes of a Set-Cookie line are not secrets.
      if (/^(?:path|domain|expires|max-age|samesite)$/i.test(name) || PLACEHOLDER.test(value)) return pair;
      return `${sep}${name}=${register(value, 'cookie')}`;
    }));
}

interface FlagPattern {
  kind: string;
  regex: RegExp;
  /** A cheap test before the regex runs. */
  hint: RegExp;
}

const FLAG_PATTERNS: FlagPattern[] = [
  // mysql -pPASSWORD / -p'PASSWORD' (the password glued to the flag), mysqldump, mariadb...
  { kind: 'password', hint: /mysql|mariadb/, regex: /\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mariadb|mariadb-dump)\b[^\r\n|;&]*?\s-p(?:'(?<sq>[^'\r\n]+)'|"(?<dq>[^"\r\n\\]+)"|(?<bare>[^\s'"\\]+))/dg },
  { kind: 'password', hint: /sshpass/, regex: /\bsshpass\s+-p\s*(?:'(?<sq>[^'\r\n]+)'|"(?<dq>[^"\r\n\\]+)"|(?<bare>[^\s'"\\]+))/dg },
  // Azure storage / service bus, ADO.NET and ODBC connection strings: KEY=value; pairs.
  { kind: 'connection-string', hint: /AccountKey|SharedAccess|SharedSecret/i, regex: /(?<![A-Za-z0-9_])(?:AccountKey|SharedAccessKey|SharedAccessSignature|SharedSecretValue)\s*=\s*(?<bare>[^;"'\s\\]{4,})/dgi },
  // Password=/Pwd= only as a pair of a connection string (after a `;`), not `password = f()`.
  { kind: 'connection-string', hint: /;\s*(?:password|pwd)=/i, regex: /;\s*(?:Password|Pwd)=(?<bare>[^;"'\s\\]{2,})/dgi },
  // SAS tokens in URLs: sig=...
  { kind: 'connection-string', hint: /sig=/, regex: /[?&]sig=(?<bare>[A-Za-z0-9%+/=]{16,})/dg },
  // GCP service-account files: the key id next to the private key.
  { kind: 'gcp-key-id', hint: /private_key_id/, regex: /private_key_id\\?"\s*:\s*\\?"(?<bare>[a-f0-9]{32,})/dg },
];

/** One scan for all of FLAG_PATTERNS' triggers, in the spellings they are written in. */
const FLAG_HINT = /mysql|mariadb|sshpass|AccountKey|SharedAccess|SharedSecret|assword=|ASSWORD=|wd=|WD=|sig=|private_key_id/;

export function redactFlagSecrets(text: string, register: Register): string {
  if (!FLAG_HINT.test(text)) return text;
  let out = text;
  for (const { kind, regex, hint } of FLAG_PATTERNS) {
    if (!hint.test(out)) continue;
    regex.lastIndex = 0;
    let result = '';
    let last = 0;
    for (let match = regex.exec(out); match; match = regex.exec(out)) {
      const groups = match.indices?.groups;
      const span = groups?.sq ?? groups?.dq ?? groups?.bare;
      if (!span || span[0] < last) continue;
      const secret = out.slice(span[0], span[1]);
      if (PLACEHOLDER.test(secret) || /^\$\{?[A-Za-z_]|^%[A-Za-z_]|^<|^\{\{/.test(secret)) continue;
      result += out.slice(last, span[0]) + register(secret, kind);
      last = span[1];
    }
    if (last > 0) out = result + out.slice(last);
  }
  return out;
}

/** The rest of a secret on the next line: after a placeholder, a line end (plain, escaped or
 * continued with `\` or `+`), and a token with a digit that is not a key of its own. */
export function redactContinuations(text: string, register: Register): string {
  if (!text.includes('[REDACTED:')) return text;
  const continuation = /(\[REDACTED:([a-z0-9-]+?)(?:-\d+)?\])(\\?["']?[ \t]*(?:\\|\+)?[ \t]*(?:\r?\n|\\n)[ \t]*\\?["']?)([A-Za-z0-9+/=_-]{8,})(?![A-Za-z0-9+/=_-]|\\?["']?\s*[:=(])/g;
  return text.replace(continuation, (match, placeholder: string, kind: string, between: string, token: string) =>
    /\d/.test(token) && entropy(token) >= 3 ? `${placeholder}${between}${register(token, kind)}` : match);
}

/** Base64 that decodes to text holding a secret: the whole base64 word is one. */
export function redactEncodedSecrets(text: string, register: Register, holdsSecret: (decoded: string) => boolean): string {
  return replaceRuns(text, TOKEN_CHARS, 24, (word) => {
    // Encoded text mixes cases and digits; a long identifier has no digits.
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(word) || !/\d/.test(word) || !/[a-z]/.test(word) || !/[A-Z]/.test(word)) return undefined;
    const decoded = decodeBase64Text(word);
    return decoded !== undefined && holdsSecret(decoded) ? register(word, 'base64-secret') : undefined;
  });
}

function decodeBase64Text(word: string): string | undefined {
  if (word.replace(/=+$/, '').length % 4 === 1) return undefined;
  const decoded = Buffer.from(word, 'base64').toString('utf8');
  // Text only: a secret is written in printable characters.
  return decoded.length >= 8 && /^[\x20-\x7e\r\n\t]+$/.test(decoded) ? decoded : undefined;
}

/** Words that put a random token next to them under suspicion. */
const SECRET_WORDS = /secret|token|passw|passphrase|credential|api[_-]?key|apikey|access[_-]?key|private|auth|session|cookie|signature|\bsig\b|\bkey\b/i;
/** Hashes that name content, not secrets: package integrity, docker digests, pip hashes. */
const DIGEST_PREFIX = /(?:sha(?:1|224|256|384|512)[-:=]|integrity\\?["']?\s*[:=]\s*\\?["']?|--hash=\w+:|@sha256:|digest\\?["']?\s*[:=]\s*\\?["']?)$/i;

/**
 * Random-looking tokens: long ones next to a secret-like word on the same line, and, with no
 * label at all, hex of 32+ characters (not 40: git object ids are everywhere) and base64 of
 * 32+ that mixes cases and digits. Shannon entropy tells random from words and paths.
 */
export function redactRandomTokens(text: string, register: Register): string {
  return replaceRuns(text, RUN_CHARS, 16, (run, start) => {
    // Every random token of interest holds a digit; most long identifiers and paths do not.
    if (!/\d/.test(run)) return undefined;
    // A dotted run (a qualified name, a file, a sentence's last word) is checked piece by piece.
    let changed = false;
    let at = start;
    const pieces = run.split('.').map((token) => {
      const from = at;
      at += token.length + 1;
      if (token.length < 16 || !/\d/.test(token)) return token;
      const verdict = randomVerdict(token);
      if (verdict === 'no') return token;
      if (DIGEST_PREFIX.test(text.slice(Math.max(0, from - 24), from))) return token;
      if (verdict === 'if-labelled' && !SECRET_WORDS.test(lineAround(text, from))) return token;
      changed = true;
      return register(token, 'random-token');
    });
    return changed ? pieces.join('.') : undefined;
  });
}

/**
 * Replaces maximal runs of the table's characters at least `minLength` long, found in one
 * linear pass: a regex such as /[A-Za-z0-9+/]{24,}/ tries every start position, and was the
 * redactor's slowest step on long outputs. `replace` returns undefined to keep a run.
 */
export function replaceRuns(text: string, table: Uint8Array, minLength: number, replace: (run: string, start: number) => string | undefined): string {
  // Every secret-shaped run of interest holds a digit: runs without one are skipped unsliced.
  let out = '';
  let last = 0;
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code >= 128 || table[code] !== 1) {
      index++;
      continue;
    }
    let end = index + 1;
    let digit = code >= 48 && code <= 57;
    while (end < text.length) {
      const next = text.charCodeAt(end);
      if (next >= 128 || table[next] !== 1) break;
      if (next >= 48 && next <= 57) digit = true;
      end++;
    }
    if (digit && end - index >= minLength) {
      const replaced = replace(text.slice(index, end), index);
      if (replaced !== undefined) {
        out += text.slice(last, index) + replaced;
        last = end;
      }
    }
    index = end;
  }
  return last === 0 ? text : out + text.slice(last);
}

function lineAround(text: string, offset: number): string {
  const start = Math.max(text.lastIndexOf('\n', offset) + 1, offset - 200);
  const end = text.indexOf('\n', offset);
  return text.slice(start, end < 0 ? Math.min(text.length, offset + 200) : Math.min(end, offset + 200));
}

/** 'yes': random enough to be a secret with no label; 'if-labelled': only next to a secret-like
 * word on its line; 'no': not random. Cheap shape checks come before the entropy. */
function randomVerdict(token: string): 'yes' | 'if-labelled' | 'no' {
  if (/^[a-f0-9]+$/i.test(token)) {
    if (!/[a-f]/i.test(token)) return 'no';
    const bits = entropy(token);
    if (token.length >= 32 && token.length !== 40 && bits >= 3.2) return 'yes';
    return bits >= 3 ? 'if-labelled' : 'no';
  }
  // Identifiers (snake_case, kebab-case words) are not random: they split into words.
  if (/(?:[a-z]{4,}[_-]){2,}/i.test(token)) return 'no';
  if (token.length < 20) return 'no';
  const bits = entropy(token);
  const mixedCase = /[a-z]/.test(token) && /[A-Z]/.test(token);
  if (token.length >= 32 && mixedCase && bits >= 4.3 && !token.includes('/')) return 'yes';
  return bits >= 3.8 ? 'if-labelled' : 'no';
}

/** Shannon entropy in bits per character. */
export function entropy(text: string): number {
  const counts = new Map<number, number>();
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
