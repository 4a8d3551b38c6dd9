// Issue 10's attacker: secrets of many shapes planted in a workspace, read the ways an agent
// reads (line ranges, pages that cut a key in two, `sed -n`, `cat`, an echo of an unlabelled
// token in the model's own words), through the real CLI with recording on. The trajectory
// bytes written to disk must hold none of them, raw or JSON-escaped.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { createGitRepo, type GitFixture } from '../support/git-fixture';
import { startModelServer, type ModelServer, type ScriptedTurn } from '../support/model-server';
import { KNOWN_API_KEY, SECRET_CORPUS, secretPieces } from './secret-corpus';
import { tempDir, type TempDir } from './fixtures';

/** Deterministic random characters (SHA-256 in counter mode), the same on every run, and as
 * random as a real key: an entropy check must not pass on a weak generator's patterns. */
function noise(seed: number, length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
  let out = '';
  for (let block = 0; out.length < length; block++) {
    for (const byte of createHash('sha256').update(`${seed}:${block}`).digest()) out += alphabet[byte % alphabet.length];
  }
  return out.slice(0, length);
}
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX = '0123456789abcdef';

const RSA_LINES = Array.from({ length: 25 }, (_, i) => noise(500 + i, 64, B64));
const ED25519_LINES = [...Array.from({ length: 4 }, (_, i) => noise(600 + i, 70, B64)), noise(610, 36, B64)];
const GCP_KEY_LINES = Array.from({ length: 6 }, (_, i) => noise(700 + i, 64, B64));
const UNLABELLED_HEX = noise(801, 64, HEX);
const SPLIT_FIRST = `sk-proj-${noise(802, 24)}`;
const SPLIT_SECOND = noise(803, 24);
const GITHUB_IN_BASE64 = Buffer.from(`GITHUB_TOKEN=ghp_${noise(804, 36)}\n`).toString('base64');
const COOKIE_SESSION = noise(805, 40);
const COOKIE_CSRF = noise(806, 32);
const MYSQL_PASSWORD = 'Mysql-Pa55w0rd!x';
const AZURE_KEY = `${noise(807, 86, B64)}==`;
const GCP_KEY_ID = noise(808, 40, HEX);
const AWS_UNLABELLED_SECRET = noise(809, 40, B64);
const MONGO_PASSWORD = 'm0ngo-Secret-99';
const ODBC_PASSWORD = 'odbcPw-4471-zz';

/** Each planted secret once; a multi-line one is checked line by line. */
const PLANTED: Array<{ name: string; pieces: string[] }> = [
  ...SECRET_CORPUS.filter((item) => item.name !== 'home folder').map((item) => ({ name: item.name, pieces: secretPieces(item) })),
  { name: 'RSA key body (25 lines)', pieces: RSA_LINES },
  { name: 'ed25519 key body', pieces: ED25519_LINES },
  { name: 'GCP service-account key body', pieces: GCP_KEY_LINES },
  { name: 'GCP key id', pieces: [GCP_KEY_ID] },
  { name: 'unlabelled hex token', pieces: [UNLABELLED_HEX] },
  { name: 'secret split over two lines', pieces: [SPLIT_FIRST, SPLIT_SECOND] },
  { name: 'base64-encoded GitHub token', pieces: [GITHUB_IN_BASE64] },
  { name: 'session cookie', pieces: [COOKIE_SESSION, COOKIE_CSRF] },
  { name: 'mysql -p password', pieces: [MYSQL_PASSWORD] },
  { name: 'Azure AccountKey', pieces: [AZURE_KEY] },
  { name: 'AWS secret key next to an unlabelled id', pieces: [AWS_UNLABELLED_SECRET] },
  { name: 'MongoDB connection string', pieces: [MONGO_PASSWORD] },
  { name: 'ODBC connection string', pieces: [ODBC_PASSWORD] },
];

function plantFiles(root: string): void {
  mkdirSync(join(root, 'secrets'), { recursive: true });
  const filler = Array.from({ length: 390 }, (_, i) => `# line ${i + 1}`);
  // The key starts at line 391: the first page (400 lines) ends in its middle.
  writeFileSync(join(root, 'secrets', 'id_rsa'), [...filler, '-----BEGIN RSA PRIVATE KEY-----', ...RSA_LINES, '-----END RSA PRIVATE KEY-----', ''].join('\n'));
  writeFileSync(join(root, 'secrets', 'id_ed25519'), ['-----BEGIN OPENSSH PRIVATE KEY-----', ...ED25519_LINES, '-----END OPENSSH PRIVATE KEY-----', ''].join('\n'));
  writeFileSync(join(root, 'secrets', 'service-account.json'), `${JSON.stringify({
    type: 'service_account', project_id: 'acme-prod', private_key_id: GCP_KEY_ID,
    private_key: `-----BEGIN PRIVATE KEY-----\n${GCP_KEY_LINES.join('\n')}\n-----END PRIVATE KEY-----\n`,
    client_email: 'deployer@acme-prod.iam.gserviceaccount.com',
  }, null, 2)}\n`);
  writeFileSync(join(root, 'corpus.txt'), `${SECRET_CORPUS.map((item) => item.carrier || `found: ${item.secret}`).join('\n')}\n`);
  writeFileSync(join(root, 'notes.txt'), `Build id for the release:\n${UNLABELLED_HEX}\n`);
  writeFileSync(join(root, 'settings.py'), `OPENAI_KEY = ("${SPLIT_FIRST}" \\\n    "${SPLIT_SECOND}")\n`);
  writeFileSync(join(root, 'creds.b64'), `${GITHUB_IN_BASE64}\n`);
  writeFileSync(join(root, 'request.http'), `GET https://app.acme-corp.com/api/me\nCookie: session=${COOKIE_SESSION}; csrftoken=${COOKIE_CSRF}\n`);
  writeFileSync(join(root, 'deploy.sh'), `#!/bin/sh\nmysql -uroot -p${MYSQL_PASSWORD} app < schema.sql\n`);
  writeFileSync(join(root, 'azure.env'), `STORAGE=DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${AZURE_KEY};EndpointSuffix=core.windows.net\n`);
  writeFileSync(join(root, 'aws.txt'), `AKIAIOSFODNN7EXAMPLE ${AWS_UNLABELLED_SECRET}\n`);
  writeFileSync(join(root, 'db.txt'), `mongodb+srv://app:${MONGO_PASSWORD}@cluster0.acme.mongodb.net/prod\nDriver={ODBC Driver 18};Server=db;UID=app;PWD=${ODBC_PASSWORD};\n`);
}

const read = (path: string, range: { start_line?: number; end_line?: number } = {}): ScriptedTurn =>
  ({ toolCalls: [{ name: 'read_file', arguments: { path, ...range } }] });
const run = (command: string): ScriptedTurn => ({ toolCalls: [{ name: 'run_command', arguments: { command } }] });

const TURNS: ScriptedTurn[] = [
  read('secrets/id_rsa'), // page 1: filler and the key's first 9 body lines
  read('secrets/id_rsa', { start_line: 401 }), // page 2: the rest, no BEGIN line
  read('secrets/id_rsa', { start_line: 400, end_line: 405 }), // a range in the middle
  read('secrets/id_ed25519', { start_line: 3, end_line: 5 }),
  read('secrets/service-account.json', { start_line: 6, end_line: 9 }),
  read('corpus.txt'),
  read('notes.txt'),
  read('settings.py'),
  read('creds.b64'),
  read('request.http'),
  read('deploy.sh'),
  read('azure.env'),
  read('aws.txt'),
  read('db.txt'),
  run('sed -n 395,405p secrets/id_rsa; tail -n 4 secrets/id_ed25519'),
  run('cat settings.py request.http deploy.sh azure.env db.txt creds.b64 aws.txt'),
  { content: `The build id is ${UNLABELLED_HEX}; I will print it.`, toolCalls: [{ name: 'run_command', arguments: { command: `echo ${UNLABELLED_HEX}` } }] },
  { toolCalls: [{ name: 'finish', arguments: { summary: `Done. Noted ${UNLABELLED_HEX} and the key id ${GCP_KEY_ID}.` } }] },
];

describe('an attacker-style secrets corpus, recorded through the CLI (issue 10)', function () {
  this.timeout(120_000);
  let repo: GitFixture;
  let config: TempDir;
  let server: ModelServer | undefined;

  beforeEach(() => {
    repo = createGitRepo({ 'README.md': '# app\n' });
    plantFiles(repo.root);
    config = tempDir('crux-config-');
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    repo.remove();
    config.remove();
  });

  it(`plants ${PLANTED.length} secrets and leaks none into the written trajectory`, async () => {
    assert.ok(PLANTED.length >= 31);
    const env = { CRUX_CONFIG_DIR: join(config.path, 'crux'), CRUX_API_KEY: KNOWN_API_KEY };
    assert.equal((await runCli(['consent', 'local', '--workspace', repo.root], env)).code, 0);
    server = await startModelServer({ turns: TURNS });
    const result = await runCli(['run', '-w', repo.root, '-t', 'Look around.', '--model-url', server.url, '-y', '--loop-policy', 'warn'], env);
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    // The model saw the secrets (the agent works on real files); the record must not.
    const seen = JSON.stringify(server.requests.map((request) => request.messages));
    assert.ok(seen.includes(RSA_LINES[20] ?? '-'), 'the model read the key');

    const dir = join(repo.root, '.crux', 'trajectories');
    const files = readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
    assert.ok(files.length > 0, 'a trajectory was written');
    const bytes = files.map((name) => readFileSync(join(dir, name), 'utf8')).join('\n');
    const leaks = PLANTED.flatMap(({ name, pieces }) =>
      pieces.filter((piece) => bytes.includes(piece) || bytes.includes(JSON.stringify(piece).slice(1, -1))).map((piece) => `${name}: ${piece.slice(0, 16)}…`));
    assert.deepEqual(leaks, [], `leaked ${leaks.length} of ${PLANTED.reduce((sum, item) => sum + item.pieces.length, 0)} pieces`);
    assert.match(bytes, /\[REDACTED:private-key-\d+\]/);
  });
});
