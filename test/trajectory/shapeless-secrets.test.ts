import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { Redactor } from '../../src/trajectory/privacy/redactor';

function random(seed: string, length: number, alphabet: string): string {
  let out = '';
  for (let block = 0; out.length < length; block++) {
    for (const byte of createHash('sha256').update(`${seed}:${block}`).digest()) out += alphabet[byte % alphabet.length];
  }
  return out.slice(0, length);
}
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const redactor = () => new Redactor({ homeDir: null });

describe('Redactor: secrets without a telling shape (issue 10)', () => {
  const cases: Array<[string, string, string]> = [
    ['a cookie header, every value', `Cookie: session=${random('c1', 32, ALNUM)}; csrftoken=${random('c2', 24, ALNUM)}`, random('c2', 24, ALNUM)],
    ['a Set-Cookie value', `Set-Cookie: sid=${random('c3', 30, ALNUM)}; Path=/; HttpOnly`, random('c3', 30, ALNUM)],
    ['curl -b', `curl -b 'session=${random('c4', 30, ALNUM)}' https://x`, random('c4', 30, ALNUM)],
    ['mysql -p glued', 'mysql -uroot -pHunter2-Glued! app', 'Hunter2-Glued!'],
    ["mysql -p'quoted'", "mysqldump -u app -p'q w e r t y 9' db", 'q w e r t y 9'],
    ['sshpass -p', 'sshpass -p Sshp4ss-word ssh host', 'Sshp4ss-word'],
    ['Azure AccountKey', `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${random('a1', 86, B64)}==;EndpointSuffix=core.windows.net`, random('a1', 86, B64)],
    ['ODBC PWD', 'Driver={x};Server=db;UID=app;PWD=odbc-Pw-771;', 'odbc-Pw-771'],
    ['ADO.NET Password', 'Server=db;Database=app;User Id=sa;Password=Ad0-Net-Pass;', 'Ad0-Net-Pass'],
    ['a SAS signature', `https://a.blob.core.windows.net/c?sv=2020&sig=${random('s1', 43, ALNUM)}%3D`, random('s1', 43, ALNUM)],
    ['a GCP key id', `"private_key_id": "${random('g1', 40, '0123456789abcdef')}",`, random('g1', 40, '0123456789abcdef')],
    ['a base64-encoded token', Buffer.from(`token: ghp_${random('b1', 36, ALNUM)}`).toString('base64'), Buffer.from(`token: ghp_${random('b1', 36, ALNUM)}`).toString('base64')],
    ['the second half of a split secret', `KEY = ("sk-proj-${random('p1', 24, ALNUM)}" \\\n   "${random('p2', 24, ALNUM)}")`, random('p2', 24, ALNUM)],
    ['an unlabelled 64-character hex token', `build ${random('h1', 64, '0123456789abcdef')} ok`, random('h1', 64, '0123456789abcdef')],
    ['an unlabelled 32-character hex token', random('h2', 32, '0123456789abcdef'), random('h2', 32, '0123456789abcdef')],
    ['an unlabelled base64 token', `value ${random('u1', 40, ALNUM)} here.`, random('u1', 40, ALNUM)],
    ['a random token next to a secret-like word', `stripe_client = Client(key="${random('k1', 24, ALNUM)}")`, random('k1', 24, ALNUM)],
  ];
  for (const [name, text, secret] of cases) {
    it(`removes ${name}`, () => {
      const redacted = redactor().redactText(text);
      assert.ok(!redacted.includes(secret), redacted);
      assert.match(redacted, /\[REDACTED:/);
    });
  }

  it('leaves hashes that name content, identifiers and paths alone', () => {
    const ordinary = [
      'commit 3f786850e387550fdab836ed7e6dc881de23001b', 'index 3f78685..de23001 100644',
      `"integrity": "sha512-${random('i1', 86, B64)}=="`, `--hash=sha256:${random('i2', 64, '0123456789abcdef')}`,
      `image@sha256:${random('i3', 64, '0123456789abcdef')}`, '123e4567-e89b-12d3-a456-426614174000',
      'createProgressPrinterForTheWatchSummary2', 'src/components/settings/ApprovalSettings2.tsx',
      'qwen2.5-coder-32b-instruct-awq', 'node_modules/.pnpm/typescript@5.9.3/node_modules', 'password = get_password()',
      'test_parse_config_with_nested_sections_2', 'TOTAL 1234567890123456789 bytes',
    ];
    const r = redactor();
    for (const line of ordinary) assert.equal(r.redactText(line), line);
  });

  it('keeps a private key read from its middle out, line numbers and all, once the file was seen', () => {
    const body = Array.from({ length: 10 }, (_, i) => random(`r${i}`, 64, B64));
    const file = ['-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----'].join('\n');
    const r = redactor();
    r.learnSecrets(file);
    const page = body.slice(3, 7).map((line, i) => `${i + 5}\t${line}`).join('\n');
    const redacted = r.redactText(`id_rsa (lines 5-8 of 12)\n${page}`);
    for (const line of body) assert.ok(!redacted.includes(line));
    assert.equal(redacted.split('\n').length, 5);
    assert.match(redacted, /^5\t\[REDACTED:private-key-1\]$/m);
  });

  it('removes full-width key lines with no BEGIN line even unseen (sed -n on a key)', () => {
    const body = Array.from({ length: 4 }, (_, i) => random(`e${i}`, 70, B64));
    const redacted = redactor().redactText(`${body.join('\n')}\n${random('e9', 20, B64)}==\n`);
    for (const line of body) assert.ok(!redacted.includes(line));
  });
});
