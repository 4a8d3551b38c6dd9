// Redaction of everything a trajectory holds, before a byte of it is written: API keys and
// tokens, credentials in headers and URLs, `.env`-style secrets, private key blocks, e-mail
// addresses, and the user's home folder (→ `~`).
//
// One Redactor serves one run, so the same secret gets the same placeholder wherever it
// shows up ([REDACTED:github-token-1] in the model's text, the command and its output), and a
// secret found once is also removed where nothing around it says it is one (`echo $X` printing
// a password seen earlier in a .env file). Placeholders hold no quotes or backslashes and no
// line breaks, so JSON text and diffs stay well formed; see docs/trajectory-format.md.
import { homedir } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { privateKeyLines, redactKeyLikeLines, redactPrivateKeys } from './pem';
import { redactContinuations, redactCookies, redactEncodedSecrets, redactFlagSecrets, redactRandomTokens } from './shapeless-secrets';
import { EMAIL_PATTERN, isExemptEmail, SECRET_PATTERN_GROUPS, type SecretPattern } from './secret-patterns';

export interface RedactorOptions {
  /** The user's home folder, written as `~`; default os.homedir(); null: leave paths alone. */
  homeDir?: string | null;
  /** Secrets known in advance (the API key the model server was given): removed wherever
   * they appear, whatever their shape. Only 8 characters or more, and not dummy keys. */
  knownSecrets?: readonly string[];
}

/** Shorter secrets are replaced only where a pattern finds them: a short one replaced
 * everywhere would eat ordinary words and numbers (and a diff's hunk headers). */
const MIN_GLOBAL_SECRET = 8;
/** Placeholder API keys people give local servers that check none. */
const DUMMY_KEYS = new Set(['empty', 'ollama', 'lm-studio', 'lmstudio', 'none', 'dummy', 'sk-no-key-required', 'not-needed', 'no-key', 'token-abc123']);
/** No pattern can match fewer characters (the shortest e-mail address is a@b.cd). */
const MIN_TEXT = 6;
/** Shorter words of letters, digits and underscores cannot hold a secret: every token shape
 * is longer, and the other patterns need punctuation. Most object keys and enum values are such
 * words, so skipping them saves most of the calls. */
const PLAIN_WORD = /^[A-Za-z0-9_]{1,14}$/;
/** Texts this long are remembered with their redaction: an observation comes back as the
 * next turn's tool message, and is not scanned twice. */
const CACHED_TEXT = 512;
const CACHE_ENTRIES = 64;
/** Groups that hold the secret of a match, by pattern: `secret`, or one of the value forms. */
const SECRET_GROUPS = ['secret', 'dq', 'sq', 'eq', 'bare'] as const;
const PLACEHOLDER_MARK = '[REDACTED:';

export class Redactor {
  /** Secret (and its JSON-escaped form) → placeholder. */
  private readonly placeholders = new Map<string, string>();
  private readonly kindCounts = new Map<string, number>();
  private readonly homePatterns: RegExp[];
  /** Secrets replaced wherever they appear (with their JSON-escaped forms). */
  private readonly globalSecrets = new Set<string>();
  private knownPattern: RegExp | null = null;
  private knownPatternStale = false;
  /** Long text → its redaction, and how many global secrets there were when it was made. */
  private readonly recent = new Map<string, { redacted: string; globalSecrets: number }>();

  constructor(options: RedactorOptions = {}) {
    const home = options.homeDir === undefined ? homedir() : options.homeDir;
    this.homePatterns = home && home.length > 1 ? homePathPatterns(home) : [];
    for (const secret of options.knownSecrets ?? []) {
      // Local servers are often given a dummy key ("EMPTY", "ollama"); replacing such a word
      // everywhere would only mangle the record.
      if (secret.length >= MIN_GLOBAL_SECRET && !DUMMY_KEYS.has(secret.toLowerCase())) this.register(secret, 'known-secret', true);
    }
  }

  /** A deep copy of a JSON value with every string (and object key) redacted. */
  redactValue<T>(value: T): T {
    const before = this.globalSecrets.size;
    let result = this.walk(value, (text) => this.redactText(text));
    // A secret found late in the value may also sit, unrecognised, in a string walked before.
    if (this.globalSecrets.size !== before) result = this.walk(result, (text) => this.replaceKnown(text));
    return result as T;
  }

  redactText(text: string): string {
    if (text.length < MIN_TEXT || (PLAIN_WORD.test(text) && !this.globalSecrets.has(text))) return text;
    if (text.length < CACHED_TEXT) return this.redactUncached(text);
    const cached = this.recent.get(text);
    if (cached) {
      // Secrets found since may sit in it unrecognised: apply them.
      if (cached.globalSecrets !== this.globalSecrets.size) {
        cached.redacted = this.replaceKnown(cached.redacted);
        cached.globalSecrets = this.globalSecrets.size;
      }
      return cached.redacted;
    }
    const redacted = this.redactUncached(text);
    if (this.recent.size >= CACHE_ENTRIES) this.recent.delete(this.recent.keys().next().value as string);
    this.recent.set(text, { redacted, globalSecrets: this.globalSecrets.size });
    return redacted;
  }

  private redactUncached(text: string): string {
    const plain = this.redactPlain(text);
    return looksLikeJson(text) ? this.redactJsonText(text, plain) : plain;
  }

  /**
   * Finds the secrets of a whole text (a file the model read part of: a page, a line range)
   * and remembers them, so every part of it shows redacted, line numbers and all, and a
   * private key read from its middle loses every body line (issue 10).
   */
  learnSecrets(text: string): void {
    this.redactText(text);
  }

  private redactPlain(text: string): string {
    // Keyed by the key's characters alone, so the same key gets one placeholder whether it
    // shows plain, JSON-escaped or as + lines of a diff; each body line is also a secret of
    // its own, so a part of the key read later is caught without its BEGIN line.
    let out = redactPrivateKeys(text, (body) => this.registerKeyLines(pemCharacters(body), privateKeyLines(body)));
    out = redactKeyLikeLines(out, (lines) => this.registerKeyLines(lines.join(''), lines));
    for (const group of SECRET_PATTERN_GROUPS) {
      if (!group.hint.test(out)) continue;
      for (const pattern of group.patterns) {
        if (pattern.hint(out)) out = this.replaceMatches(out, pattern);
      }
    }
    const found = (secret: string, kind: string) => this.register(secret, kind, secret.length >= MIN_GLOBAL_SECRET);
    out = redactFlagSecrets(out, found);
    out = redactCookies(out, found);
    out = redactEncodedSecrets(out, found, (decoded) => this.holdsSecret(decoded));
    out = redactRandomTokens(out, found);
    out = redactContinuations(out, found);
    out = this.replaceKnown(out);
    if (out.includes('@')) out = this.replaceEmails(out);
    for (const home of this.homePatterns) out = out.replace(home, '~');
    return out;
  }

  /**
   * JSON text (a tool call's arguments, a JSON file's content) also gets redacted as the values
   * it encodes, where secrets show without escapes. The text keeps its own formatting when the
   * plain redaction already covers them; else the secrets found are replaced in their escaped
   * form; only when that fails is the redacted value re-serialised (formatting lost, safety kept).
   */
  private redactJsonText(original: string, plain: string): string {
    const parsed = tryParseJson(original);
    if (parsed === undefined) return plain;
    const redacted = this.walk(parsed, (text) => this.redactText(text));
    if (isDeepStrictEqual(tryParseJson(plain), redacted)) return plain;
    const escapedReplaced = this.replaceAllKnown(plain);
    if (isDeepStrictEqual(tryParseJson(escapedReplaced), redacted)) return escapedReplaced;
    return JSON.stringify(redacted);
  }

  private replaceMatches(text: string, pattern: SecretPattern): string {
    const { regex } = pattern;
    regex.lastIndex = 0;
    let out = '';
    let last = 0;
    for (let match = regex.exec(text); match; match = regex.exec(text)) {
      if (match[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      if (pattern.accept && !pattern.accept(match.groups ?? {})) continue;
      const span = secretSpan(match);
      if (!span || span[0] < last) continue;
      const secret = text.slice(span[0], span[1]);
      if (secret.includes(PLACEHOLDER_MARK)) continue;
      out += text.slice(last, span[0]) + this.register(secret, pattern.kind, secret.length >= MIN_GLOBAL_SECRET);
      last = span[1];
    }
    return last === 0 ? text : out + text.slice(last);
  }

  private replaceEmails(text: string): string {
    return text.replace(EMAIL_PATTERN, (address: string) =>
      isExemptEmail(address) ? address : this.register(address, 'email', true));
  }

  /** Secrets long enough to be replaced wherever they appear, as whole words. */
  private replaceKnown(text: string): string {
    if (this.globalSecrets.size === 0) return text;
    const pattern = this.knownSecretsPattern();
    return pattern ? text.replace(pattern, (secret) => this.placeholders.get(secret) ?? secret) : text;
  }

  /** Every secret found so far, short ones too, in their JSON-escaped form: only used on a
   * JSON text whose decoded values showed them, and checked by parsing afterwards. */
  private replaceAllKnown(text: string): string {
    let out = text;
    const secrets = [...this.placeholders.keys()].sort((a, b) => b.length - a.length);
    for (const secret of secrets) {
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (out.includes(escaped)) out = out.split(escaped).join(this.placeholders.get(secret) ?? '');
    }
    return out;
  }

  /** One placeholder for a key and for each of its lines, every line replaced wherever it shows. */
  private registerKeyLines(key: string, lines: readonly string[]): string {
    // Lines of a key seen before (a page of a file read whole) keep that key's placeholder.
    const known = lines.map((line) => this.placeholders.get(line)).find((existing) => existing !== undefined);
    const placeholder = known ?? this.register(key, 'private-key', false);
    for (const line of lines) {
      if (line.length < MIN_GLOBAL_SECRET || this.placeholders.has(line)) continue;
      this.placeholders.set(line, placeholder);
      this.globalSecrets.add(line);
      this.knownPatternStale = true;
    }
    return placeholder;
  }

  /** Whether a decoded text holds something the patterns call a secret. */
  private holdsSecret(decoded: string): boolean {
    if (decoded.includes('PRIVATE KEY')) return true;
    return SECRET_PATTERN_GROUPS.some((group) => group.hint.test(decoded) && group.patterns.some((pattern) => {
      if (!pattern.hint(decoded)) return false;
      pattern.regex.lastIndex = 0;
      for (let match = pattern.regex.exec(decoded); match; match = pattern.regex.exec(decoded)) {
        if (!pattern.accept || pattern.accept(match.groups ?? {})) return true;
      }
      return false;
    }));
  }

  /** The placeholder of a secret, made on first sight. `global`: also replace it wherever it
   * appears later; honoured for secrets of MIN_GLOBAL_SECRET characters or more. */
  private register(secret: string, kind: string, global: boolean): string {
    const existing = this.placeholders.get(secret);
    if (existing) return existing;
    const count = (this.kindCounts.get(kind) ?? 0) + 1;
    this.kindCounts.set(kind, count);
    const placeholder = `${PLACEHOLDER_MARK}${kind}-${count}]`;
    this.placeholders.set(secret, placeholder);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) this.placeholders.set(escaped, placeholder);
    if (global && secret.length >= MIN_GLOBAL_SECRET && !secret.includes('\n')) {
      this.globalSecrets.add(secret);
      if (escaped !== secret) this.globalSecrets.add(escaped);
      this.knownPatternStale = true;
    }
    return placeholder;
  }

  private knownSecretsPattern(): RegExp | null {
    if (!this.knownPatternStale) return this.knownPattern;
    const secrets = [...this.globalSecrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    // Whole words only, where a word may also begin right after a JSON `\n` escape.
    this.knownPattern = secrets.length > 0
      ? new RegExp(String.raw`(?:(?<=\\[nrt])|(?<![A-Za-z0-9]))(?:${secrets.join('|')})(?![A-Za-z0-9])`, 'g')
      : null;
    this.knownPatternStale = false;
    return this.knownPattern;
  }

  private walk(value: unknown, redact: (text: string) => string): unknown {
    if (typeof value === 'string') return redact(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item, redact));
    if (value !== null && typeof value === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) copy[redact(key)] = isContentHash(key, item) ? item : this.walk(item, redact);
      return copy;
    }
    return value;
  }
}

/** The content hashes Crux itself writes (an edit's before/after, a rule file's sha256) name
 * content, they hold none: a 64-hex value under one of those fields stays, where the random-
 * token rule would otherwise take it for a key. */
const CONTENT_HASH_KEYS = new Set(['sha256', 'beforeHash', 'afterHash']);
function isContentHash(key: string, value: unknown): boolean {
  return CONTENT_HASH_KEYS.has(key) && typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

function secretSpan(match: RegExpExecArray): [number, number] | undefined {
  const groups = match.indices?.groups;
  if (!groups) return undefined;
  for (const name of SECRET_GROUPS) {
    const span = groups[name];
    if (span && span[1] > span[0]) return span;
  }
  return undefined;
}

function pemCharacters(body: string): string {
  return body.replace(/\\[nrt]/g, '').replace(/^[+-]/gm, '').replace(/[^A-Za-z0-9+/=]/g, '');
}

function looksLikeJson(text: string): boolean {
  const trimmed = text.trim();
  return (trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'));
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The home folder as it may be written: as is, with forward slashes (Windows), and
 * JSON-escaped (Windows backslashes doubled), each only as a whole path component. */
function homePathPatterns(home: string): RegExp[] {
  const forms = new Set([home, home.replace(/\\/g, '/'), JSON.stringify(home).slice(1, -1)]);
  return [...forms]
    .sort((a, b) => b.length - a.length)
    .map((form) => new RegExp(`${escapeRegExp(form)}(?![A-Za-z0-9_.-])`, 'g'));
}
