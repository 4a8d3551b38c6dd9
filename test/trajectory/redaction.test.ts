import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePatch } from 'diff';
import { parseTrajectory } from '../../src/trajectory/jsonl';
import { Redactor } from '../../src/trajectory/privacy/redactor';
import { recordRun, sampleRun, tempDir } from './fixtures';
import { corpusText, FAKE_HOME, KNOWN_API_KEY, SECRET_CORPUS, secretPieces, type CorpusItem } from './secret-corpus';

function redactor(): Redactor {
  return new Redactor({ homeDir: FAKE_HOME, knownSecrets: [KNOWN_API_KEY] });
}

function carrierOf(item: CorpusItem): string {
  return item.carrier || `found: ${item.secret}`;
}

function assertNoSecret(text: string, item: CorpusItem, where: string): void {
  for (const piece of secretPieces(item)) {
    assert.ok(!text.includes(piece), `${item.name} survived ${where}:\n${text}`);
    const escaped = JSON.stringify(piece).slice(1, -1);
    assert.ok(!text.includes(escaped), `${item.name} survived ${where} (JSON-escaped):\n${text}`);
  }
}

/** The ways a secret reaches a trajectory: as is, in a diff, JSON-escaped inside tool-call
 * arguments, and inside a text-format tool call that is not JSON as a whole. */
function contexts(carrier: string): Record<string, string> {
  return {
    plain: carrier,
    'diff lines': carrier.split('\n').map((line) => `+${line}`).join('\n'),
    'JSON arguments': JSON.stringify({ path: 'notes.txt', content: carrier }),
    'pretty JSON arguments': JSON.stringify({ content: carrier }, null, 2),
    'text tool call': `I will write it.\n<tool_call>\n${JSON.stringify({ name: 'create_file', arguments: { content: carrier } })}\n</tool_call>`,
    'shell command': `printf '%s\\n' ${JSON.stringify(carrier)} > out.txt`,
  };
}

describe('Redactor', () => {
  for (const item of SECRET_CORPUS) {
    it(`removes ${item.name} wherever it appears`, () => {
      for (const [where, text] of Object.entries(contexts(carrierOf(item)))) {
        const redacted = redactor().redactText(text);
        assertNoSecret(redacted, item, where);
        if (where.includes('JSON')) assert.doesNotThrow(() => JSON.parse(redacted), `${where} stays valid JSON`);
      }
    });
  }

  it('gives the same secret the same placeholder within a run, and different secrets different ones', () => {
    const r = redactor();
    const token = SECRET_CORPUS.find((item) => item.name === 'GitHub classic token')?.secret ?? '';
    const first = r.redactText(`export GH=${token}`);
    const second = r.redactValue({ args: { command: `gh auth login --with-token ${token}` } });
    assert.match(first, /\[REDACTED:github-token-1\]/);
    assert.match(second.args.command, /\[REDACTED:github-token-1\]$/);
    assert.match(r.redactText(`ghp_${'Z9'.repeat(18)}`), /\[REDACTED:github-token-2\]/);
  });

  it('removes a secret found once wherever it shows up later, even with nothing around it', () => {
    const r = redactor();
    r.redactText('DB_PASSWORD=correct-horse-battery-9');
    assert.equal(r.redactText('echo correct-horse-battery-9'), 'echo [REDACTED:secret-1]');
  });

  it('keeps diffs well formed: same lines, same hunk counts', () => {
    const carrier = corpusText();
    const lines = carrier.split('\n');
    const diff = `--- a/secrets.txt\n+++ b/secrets.txt\n@@ -0,0 +1,${lines.length} @@\n${lines.map((line) => `+${line}`).join('\n')}\n`;
    const redacted = redactor().redactText(diff);
    assert.equal(redacted.split('\n').length, diff.split('\n').length);
    const [patch] = parsePatch(redacted);
    assert.equal(patch?.hunks.length, 1);
    assert.equal(patch?.hunks[0]?.lines.length, lines.length);
    assert.ok(patch?.hunks[0]?.lines.every((line) => line.startsWith('+')));
  });

  it('keeps JSON text as it was written when it can, and always valid', () => {
    const text = '{ "command":  "curl -H \\"Authorization: Bearer abcdefgh12345678\\" x" }';
    const redacted = redactor().redactText(text);
    assert.equal(redacted, '{ "command":  "curl -H \\"Authorization: Bearer [REDACTED:authorization-1]\\" x" }');
  });

  it('leaves ordinary code and text alone', () => {
    const ordinary = [
      'max_tokens = 100', 'token = tokens[0]', 'def check(password: str) -> bool:', 'password = get_password()',
      'const apiKey = options.apiKey;', 'sort_key="name"', 'primary_key=True', 'git@github.com:owner/repo.git',
      'contact: dev@example.com', 'API_KEY=${API_KEY}', 'SECRET_KEY=<your secret here>', 'task-force-alignment-2024-roadmap',
      'npm install @types/node@20.1.0', 'see https://github.com/owner/repo/pull/12', '/home/crux-test-user2/x',
      'self.token = token', 'Bearer of bad news', 'password_hash = bcrypt(pw)',
    ];
    const r = redactor();
    for (const line of ordinary) assert.equal(r.redactText(line), line);
    const withDummyKey = new Redactor({ homeDir: null, knownSecrets: ['EMPTY', 'ollama'] });
    assert.equal(withDummyKey.redactText('serverKind ollama, EMPTY list'), 'serverKind ollama, EMPTY list');
  });

  it('keeps the content hashes Crux writes (edit hashes, rule files) and still redacts the same hex elsewhere', () => {
    const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const redacted = redactor().redactValue({ beforeHash: hash, afterHash: hash, rules: [{ sha256: hash }], note: `token ${hash}`, other: hash });
    assert.equal(redacted.beforeHash, hash);
    assert.equal(redacted.afterHash, hash);
    assert.equal(redacted.rules[0]?.sha256, hash);
    assert.doesNotMatch(redacted.note, new RegExp(hash));
    assert.doesNotMatch(redacted.other, new RegExp(hash), 'only under the fields Crux writes hashes to');
  });

  it('writes the home folder as ~', () => {
    assert.equal(redactor().redactText(`cd ${FAKE_HOME}/app && ls ${FAKE_HOME}`), 'cd ~/app && ls ~');
    assert.equal(new Redactor({ homeDir: 'C:\\Users\\Jane' }).redactText(JSON.stringify('C:\\Users\\Jane\\app')), '"~\\\\app"');
  });
});

describe('Recording with secrets in every field', () => {
  it('never writes a corpus secret anywhere in the store', async () => {
    const dir = tempDir();
    try {
      const text = corpusText();
      const recorder = recordRun(dir.path, sampleRun(text), { redactor: redactor() });
      recorder.updateOutcome({ test: { command: 'npm test', passed: false, exitCode: 1, timedOut: false, outputTail: text }, origin: 'test' });
      recorder.close();
      for (const name of readdirSync(dir.path)) {
        const bytes = readFileSync(join(dir.path, name), 'utf8');
        for (const item of SECRET_CORPUS) assertNoSecret(bytes, item, name);
      }
      const trajectory = parseTrajectory(readFileSync(recorder.path ?? '', 'utf8'));
      assert.deepEqual(trajectory.problems, []);
      assert.ok(trajectory.events.length > 10);
      const edit = trajectory.events.find((event) => event.type === 'edit');
      assert.ok(edit?.type === 'edit');
      assert.equal(edit.diff.split('\n').length, (sampleRun(text).find((e) => e.type === 'edit') as { edit: { diff: string } }).edit.diff.split('\n').length);
    } finally {
      dir.remove();
    }
  });
});
