// Secrets that must never reach a trajectory file. All are fake, but shaped like the real
// thing. Each comes with the text it is embedded in (`carrier`): shape-based tokens are
// recognisable on their own, others only by what surrounds them (a variable name, a header).

/** Deterministic random-looking characters, so the corpus is the same on every run. */
function noise(seed: number, length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
  let state = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out += alphabet[state % alphabet.length];
  }
  return out;
}

export interface CorpusItem {
  name: string;
  /** What must not appear, in any file, raw or JSON-escaped. */
  secret: string;
  /** How it shows up in a run. */
  carrier: string;
}

const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const RSA_BODY = [noise(71, 64, B64), noise(72, 64, B64), noise(73, 40, B64)];
const OPENSSH_BODY = [noise(81, 70, B64), noise(82, 70, B64)];

/** The fake user's home folder the redaction tests run with. */
export const FAKE_HOME = '/home/crux-test-user';

export const SECRET_CORPUS: CorpusItem[] = [
  { name: 'OpenAI project key', secret: `sk-proj-${noise(1, 48)}`, carrier: '' },
  { name: 'OpenAI legacy key', secret: `sk-${noise(2, 48)}`, carrier: '' },
  { name: 'OpenRouter key', secret: `sk-or-v1-${noise(3, 64, HEX)}`, carrier: '' },
  { name: 'Anthropic key', secret: `sk-ant-api03-${noise(4, 93)}AA`, carrier: '' },
  { name: 'GitHub classic token', secret: `ghp_${noise(5, 36)}`, carrier: '' },
  { name: 'GitHub OAuth token', secret: `gho_${noise(6, 36)}`, carrier: '' },
  { name: 'GitHub fine-grained token', secret: `github_pat_11${noise(7, 20)}_${noise(8, 59)}`, carrier: '' },
  { name: 'GitLab token', secret: `glpat-${noise(9, 20)}`, carrier: '' },
  { name: 'Slack bot token', secret: `xoxb-${noise(10, 12, '0123456789')}-${noise(11, 13, '0123456789')}-${noise(12, 24)}`, carrier: '' },
  { name: 'Slack user token', secret: `xoxp-${noise(13, 12, '0123456789')}-${noise(14, 24)}`, carrier: '' },
  { name: 'AWS access key id', secret: `AKIA${noise(15, 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, carrier: '' },
  { name: 'Google API key', secret: `AIza${noise(16, 35)}`, carrier: '' },
  { name: 'Hugging Face token', secret: `hf_${noise(17, 34)}`, carrier: '' },
  { name: 'Stripe live key', secret: `sk_live_${noise(18, 24)}`, carrier: '' },
  { name: 'Stripe restricted key', secret: `rk_test_${noise(19, 24)}`, carrier: '' },
  { name: 'npm token', secret: `npm_${noise(20, 36)}`, carrier: '' },
  { name: 'PyPI token', secret: `pypi-AgEIcHlwaS5vcmc${noise(21, 60)}`, carrier: '' },
  { name: 'SendGrid key', secret: `SG.${noise(22, 22)}.${noise(23, 43)}`, carrier: '' },
  { name: 'JWT', secret: `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${noise(24, 40)}.${noise(25, 43)}`, carrier: '' },
  {
    name: 'AWS secret access key (credentials file)', secret: noise(26, 40, B64),
    carrier: `[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${noise(26, 40, B64)}`,
  },
  { name: 'AWS secret in env', secret: noise(27, 40, B64), carrier: `AWS_SECRET_ACCESS_KEY=${noise(27, 40, B64)}` },
  { name: 'opaque bearer token', secret: `${noise(28, 32)}9`, carrier: `curl -H "Authorization: Bearer ${noise(28, 32)}9" https://api.internal/v1` },
  { name: 'basic auth header', secret: 'ZGVwbG95OnMzY3IzdC1wYXNzd29yZA==', carrier: 'Authorization: Basic ZGVwbG95OnMzY3IzdC1wYXNzd29yZA==' },
  { name: 'token header in JSON', secret: `tok${noise(29, 24)}`, carrier: `{"headers": {"Authorization": "token tok${noise(29, 24)}"}}` },
  { name: 'password in a git URL', secret: 'Sup3r-S3cret-Pa55', carrier: 'git clone https://deploy:Sup3r-S3cret-Pa55@git.acme-corp.com/team/app.git' },
  { name: 'password in a database URL', secret: 'pg_pass_9f8e7d6c', carrier: 'DATABASE_URL=postgres://app:pg_pass_9f8e7d6c@db.internal:5432/app' },
  { name: '.env password', secret: 'correct-horse-battery-9', carrier: 'DB_PASSWORD=correct-horse-battery-9' },
  { name: '.env secret key', secret: 'django-insecure-7x$k2m9q!w', carrier: 'SECRET_KEY=django-insecure-7x$k2m9q!w' },
  { name: '.env quoted token with spaces', secret: 'my long token 42', carrier: 'API_TOKEN="my long token 42"' },
  { name: '.env single-quoted api key', secret: 'c4f1e2d3b5a6978812', carrier: "export MY_SERVICE_API_KEY='c4f1e2d3b5a6978812'" },
  { name: 'YAML password', secret: 'hunter2hunter2', carrier: 'database:\n  user: app\n  password: hunter2hunter2' },
  { name: 'JSON client secret', secret: 'cs_7e8f9a0b1c2d', carrier: '{"client_id": "web", "client_secret": "cs_7e8f9a0b1c2d"}' },
  { name: 'Python password literal', secret: 'Tr0ub4dor&3', carrier: 'conn = connect(host="db", password="Tr0ub4dor&3")' },
  {
    name: 'RSA private key', secret: RSA_BODY.join('\n'),
    carrier: `-----BEGIN RSA PRIVATE KEY-----\n${RSA_BODY.join('\n')}\n-----END RSA PRIVATE KEY-----`,
  },
  {
    name: 'OpenSSH private key', secret: OPENSSH_BODY.join('\n'),
    carrier: `-----BEGIN OPENSSH PRIVATE KEY-----\n${OPENSSH_BODY.join('\n')}\n-----END OPENSSH PRIVATE KEY-----`,
  },
  { name: 'e-mail address', secret: 'jane.doe@acme-corp.com', carrier: 'Author: Jane Doe <jane.doe@acme-corp.com>' },
  { name: 'e-mail with a plus', secret: 'bob+ci@company.io', carrier: 'notify bob+ci@company.io when done' },
  { name: 'home folder', secret: FAKE_HOME, carrier: `${FAKE_HOME}/projects/app/src/index.ts` },
  { name: 'API key given to Crux (no recognisable shape)', secret: 'local-server-key-778899', carrier: 'the key is local-server-key-778899' },
];

/** The API key Crux itself was given, as the CLI passes it to the redactor. */
export const KNOWN_API_KEY = 'local-server-key-778899';

/** The pieces of a secret that must not appear: each line of a multi-line one on its own. */
export function secretPieces(item: CorpusItem): string[] {
  return item.secret.split('\n').filter((line) => line.length >= 8);
}

/** Every carrier, one per line; a shape-only token is its own carrier. */
export function corpusText(): string {
  return SECRET_CORPUS.map((item) => item.carrier || `found: ${item.secret}`).join('\n');
}
