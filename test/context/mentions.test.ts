// Context mentions: files, folders, problems, terminal output and the git diff, appended to the
// message, capped, confined to the workspace; unknown @words are left alone.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MENTION_MAX_CHARS, resolveMentions } from '../../src/context/mentions';
import { workspacePatch } from '../../src/tools/patch';
import { BUGGY_CALC, createGitRepo, type GitFixture } from '../support/git-fixture';

describe('context mentions', () => {
  let repo: GitFixture;
  beforeEach(() => {
    repo = createGitRepo(BUGGY_CALC);
  });
  afterEach(() => repo.remove());

  it('attaches a file, a folder, problems, terminal output and the git diff', async () => {
    mkdirSync(join(repo.root, 'lib'));
    writeFileSync(join(repo.root, 'lib', 'x.js'), 'x');
    writeFileSync(join(repo.root, 'calc.js'), 'module.exports.add = (a, b) => a + b;\n');
    const resolved = await resolveMentions('Look at @calc.js and @lib/, see @problems, @terminal and @git.', repo.root, {
      problems: async () => 'calc.js:1 error: x',
      terminal: async () => '$ node test.js\nFAIL',
      gitDiff: () => workspacePatch(repo.root),
    });
    assert.deepEqual(resolved.problems, []);
    assert.deepEqual(resolved.attachments.map((item) => `${item.kind}:${item.label}`), ['file:calc.js', 'folder:lib', 'problems:problems', 'terminal:terminal', 'git:git']);
    assert.match(resolved.text, /^Look at @calc.js/);
    assert.match(resolved.text, /<context kind="file" name="calc.js">\nmodule.exports.add = \(a, b\) => a \+ b;/);
    assert.match(resolved.text, /<context kind="folder" name="lib">\nx.js\n<\/context>/);
    assert.match(resolved.text, /<context kind="git" name="git">\ndiff --git a\/calc.js/);
    assert.match(resolved.text, /FAIL/);
  });

  it('leaves unknown @words alone, caps big files and refuses paths outside the workspace', async () => {
    writeFileSync(join(repo.root, 'big.txt'), 'y'.repeat(MENTION_MAX_CHARS + 5));
    const resolved = await resolveMentions('mail me@example.com, @nosuchfile, @big.txt and @../../etc/passwd', repo.root);
    assert.deepEqual(resolved.attachments.map((item) => [item.label, item.truncated, item.chars]), [['big.txt', true, MENTION_MAX_CHARS + 5]]);
    assert.equal(resolved.problems.length, 1);
    assert.match(resolved.problems[0] ?? '', /@\.\.\/\.\.\/etc\/passwd/);
    assert.equal((await resolveMentions('no mentions', repo.root)).text, 'no mentions');
    assert.match((await resolveMentions('@terminal', repo.root)).problems[0] ?? '', /no terminal here/);
  });
});
