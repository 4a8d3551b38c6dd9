// What the redactor looks for. Each pattern names a kind (it becomes the placeholder's label)
// and marks the secret part with the named group `secret`; text around it (a variable name,
// "Bearer ", a URL's user name) stays, so a redacted line still reads as what it was.
//
// Text reaches the redactor both plain and JSON-escaped (a tool call's arguments text, a file
// written through a text tool call), where a newline is the two characters `\n`. Patterns
// therefore never let a match start on the `n` of such an escape, and values stop at a
// backslash: otherwise a match could swallow half an escape and leave broken JSON behind.

/** Start of a token: not in the middle of a word, but right after a `\n` escape is fine. */
const START = String.raw`(?<!\\)(?:(?<=\\[nrt])|(?<![A-Za-z0-9]))`;
/** End of a token: the next character is not one that could continue it. */
const END = String.raw`(?![A-Za-z0-9])`;

export interface SecretPattern {
  kind: string;
  regex: RegExp;
  /** A cheap test that must pass before the regex runs; most text holds no secrets at all. */
  hint: (text: string) => boolean;
  /** Decides on a match's groups whether it is a secret after all (a value can look like one
   * but be a variable reference); absent: every match is. */
  accept?: (groups: Record<string, string | undefined>) => boolean;
}

function token(kind: string, body: string, hint: string | RegExp): SecretPattern {
  return {
    kind,
    regex: new RegExp(`${START}(?<secret>${body})${END}`, 'gd'),
    hint: typeof hint === 'string' ? (text) => text.includes(hint) : (text) => hint.test(text),
  };
}

/** Random-looking: real keys hold digits; identifiers that merely share a prefix rarely do. */
const HAS_DIGIT = String.raw`(?=[A-Za-z_-]*[0-9])`;

const TOKENS: SecretPattern[] = [
  token('anthropic-key', String.raw`sk-ant-[A-Za-z0-9_-]{20,}`, 'sk-ant-'),
  token('openai-key', String.raw`sk-(?:proj-|svcacct-|admin-|or-v1-)?${HAS_DIGIT}[A-Za-z0-9_-]{20,}`, 'sk-'),
  token('github-token', String.raw`gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}`, /gh[pousr]_|github_pat_/),
  token('gitlab-token', String.raw`gl(?:pat|dt|rt|ptt|soat)-[A-Za-z0-9_-]{20,}`, 'gl'),
  token('slack-token', String.raw`xox[abposr]-[A-Za-z0-9-]{10,}`, 'xox'),
  token('aws-access-key', String.raw`(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}`, /AKIA|ASIA|ABIA|ACCA/),
  token('google-api-key', String.raw`AIza[0-9A-Za-z_-]{35}`, 'AIza'),
  token('google-oauth-token', String.raw`ya29\.[0-9A-Za-z_-]{20,}`, 'ya29.'),
  token('google-client-secret', String.raw`GOCSPX-[A-Za-z0-9_-]{20,}`, 'GOCSPX-'),
  token('huggingface-token', String.raw`hf_[A-Za-z0-9]{30,}`, 'hf_'),
  token('stripe-key', String.raw`(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{24,}`, /_live_|_test_|whsec_/),
  token('npm-token', String.raw`npm_[A-Za-z0-9]{36}`, 'npm_'),
  token('pypi-token', String.raw`pypi-AgE[A-Za-z0-9_-]{50,}`, 'pypi-'),
  token('sendgrid-key', String.raw`SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`, 'SG.'),
  token('digitalocean-token', String.raw`do[opr]_v1_[a-f0-9]{64}`, '_v1_'),
  token('groq-key', String.raw`gsk_[A-Za-z0-9]{40,}`, 'gsk_'),
  token('xai-key', String.raw`xai-[A-Za-z0-9]{40,}`, 'xai-'),
  token('replicate-token', String.raw`r8_[A-Za-z0-9]{30,}`, 'r8_'),
  token('databricks-token', String.raw`dapi[a-f0-9]{32}`, 'dapi'),
  token('jwt', String.raw`eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*`, 'eyJ'),
];

/** A quote around a name or value, plain or JSON-escaped. */
const QUOTE = String.raw`(?:\\?["'])`;

/** A value after `NAME=` or `name:`: double-quoted, single-quoted, JSON-escaped quotes, or bare. */
const VALUE = String.raw`(?:"(?<dq>[^"\\\r\n]*)"|'(?<sq>[^'\\\r\n]*)'|\\"(?<eq>[^"\\\r\n]*)\\"|(?<bare>[^\s"'\\,;()\[\]<>]+))`;

/** Names that say they hold a secret: the secret word ends the name (MAX_TOKENS and
 * password_hash are not secrets), a few common suffixes allowed (SECRET_KEY_BASE). */
const SECRET_NAME = String.raw`(?:[A-Za-z_][A-Za-z0-9_.-]*?)?(?:secret|token|passw(?:or)?d|passphrase|_pwd|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|credentials?|_key)(?:_base|_value)?`;

/** `NAME=value`, `name: value`, `"name": "value"`, `name := value`, `name => value`. */
const NAMED_SECRET: SecretPattern = {
  kind: 'secret',
  regex: new RegExp(
    String.raw`(?<!\\)(?:(?<=\\[nrt])|(?<![A-Za-z0-9_]))(?<name>${SECRET_NAME})${QUOTE}?\s*(?::=|=>|[:=])\s*${VALUE}`,
    'gdi',
  ),
  hint: (text) => /[=:]/.test(text) && /secret|token|passw|passphrase|pwd|key|credential/i.test(text),
  accept: (groups) => acceptNamedValue(groups),
};

/** A reference to a secret rather than the secret: $VAR, ${VAR}, <placeholder>, %VAR%, {{var}}. */
const REFERENCE = /^(?:\$\{?[A-Za-z_]|<|%[A-Za-z_]|\{\{|\[REDACTED:)/;

function acceptNamedValue(groups: Record<string, string | undefined>): boolean {
  const name = groups.name ?? '';
  const quoted = groups.dq ?? groups.sq ?? groups.eq;
  const value = quoted ?? groups.bare ?? '';
  if (value === '' || REFERENCE.test(value)) return false;
  const envStyle = name === name.toUpperCase();
  // In code, `sort_key = "name"` is no secret; only settings files name secrets FOO_KEY.
  if (!envStyle && /_key$/i.test(name) && !/(?:api|access|private|auth)[_-]?key$/i.test(name)) return false;
  if (quoted !== undefined) return true;
  // Unquoted values in code are usually expressions: `token = self.token`, `password: str`.
  // An env-style (upper-case) name is a settings file, where bare values are the norm.
  if (/^(?:true|false|null|none|yes|no)$/i.test(value)) return false;
  if (envStyle) return true;
  // Letters, dots and underscores only: an identifier or a dotted path, not a password.
  return value.length >= 4 && !/^[A-Za-z_.$]+$/.test(value);
}

const CONTEXTUAL: SecretPattern[] = [
  {
    // Authorization: Bearer x / Basic x / token x, as an HTTP header, a curl -H or a JSON field.
    kind: 'authorization',
    regex: new RegExp(String.raw`(?<![A-Za-z0-9_-])(?:proxy-)?authorization${QUOTE}?\s*[:=]\s*${QUOTE}?(?:(?:basic|bearer|token|digest|negotiate)\s+)?(?<secret>[^\s"',;\\]{6,})`, 'dgi'),
    hint: (text) => /authorization/i.test(text),
    // Without a token after it, the scheme word itself would be taken for the secret.
    accept: (groups) => !/^(?:basic|bearer|token|digest|negotiate)$/i.test(groups.secret ?? ''),
  },
  {
    kind: 'bearer-token',
    regex: /(?<![A-Za-z0-9_-])bearer\s+(?=[A-Za-z._~+/=-]*[0-9])(?<secret>[A-Za-z0-9._~+/=-]{8,})/dgi,
    hint: (text) => /bearer/i.test(text),
  },
  {
    // scheme://user:password@host; the user name stays (it is often just "git" or "oauth2").
    kind: 'url-password',
    regex: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\s:@"'\\]+:(?<secret>[^/\s@"'\\]+)@/dg,
    hint: (text) => text.includes('://') && text.includes('@'),
  },
  {
    kind: 'slack-webhook',
    regex: /https:\/\/hooks\.slack\.com\/services\/(?<secret>[A-Za-z0-9/_-]{20,})/dg,
    hint: (text) => text.includes('hooks.slack.com'),
  },
  {
    // aws_secret_access_key = ... in ~/.aws/credentials; the value is 40 base64 characters.
    kind: 'aws-secret-key',
    regex: new RegExp(String.raw`aws[_.-]?secret[_.-]?(?:access[_.-]?)?key${QUOTE}?\s*[:=]\s*${QUOTE}?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])`, 'dgi'),
    hint: (text) => /aws/i.test(text),
  },
  NAMED_SECRET,
];

export interface PatternGroup {
  /** One scan that must match before any pattern of the group is tried: most text holds
   * none of the group's triggers, and one combined scan is far cheaper than one per pattern. */
  hint: RegExp;
  patterns: readonly SecretPattern[];
}

/** In the order they run: specific token shapes first, so they name the kind; then the
 * contextual patterns, which catch what has no recognisable shape. */
export const SECRET_PATTERN_GROUPS: readonly PatternGroup[] = [
  {
    hint: /sk-|gh[pousr]_|github_pat_|gl(?:pat|dt|rt|ptt|soat)-|xox[abposr]-|AKIA|ASIA|ABIA|ACCA|AIza|ya29\.|GOCSPX-|hf_|_live_|_test_|whsec_|npm_|pypi-|SG\.|_v1_|gsk_|xai-|r8_|dapi|eyJ/,
    patterns: TOKENS,
  },
  { hint: /authorization|bearer|:\/\/|aws|secret|token|passw|passphrase|pwd|key|credential/i, patterns: CONTEXTUAL },
];


/** E-mail addresses. Not matched: git@host (an SSH remote) and reserved example domains,
 * which are not anyone's address and are common in code and tests. */
export const EMAIL_PATTERN = /(?<!\\)(?:(?<=\\[nrt])|(?<![A-Za-z0-9._%+-]))(?<secret>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})(?![A-Za-z0-9-])/dg;

export function isExemptEmail(address: string): boolean {
  const [local = '', domain = ''] = address.toLowerCase().split('@');
  return local === 'git' || /(?:^|\.)(?:example\.(?:com|org|net)|example|invalid|test|localhost)$/.test(domain);
}

/** The start of a PEM private key block (RSA, EC, OPENSSH, ENCRYPTED, PGP...). */
export const PRIVATE_KEY_BEGIN = /-----BEGIN (?<label>[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----/g;
