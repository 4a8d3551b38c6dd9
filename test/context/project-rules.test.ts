// Project rules: which files are read, in which order, capped, and never from outside the
// workspace (a link out of it is skipped and reported).
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProjectRules, RULE_FILE_MAX_CHARS, RULES_TOTAL_MAX_CHARS, rulesSection } from '../../src/context/project-rules';

describe('project rules', () => {
  let root: string;
  let outside: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'crux-rules-'));
    outside = mkdtempSync(join(tmpdir(), 'crux-outside-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  function write(path: string, text: string): void {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }

  it('reads AGENTS.md, a .clinerules folder, CLAUDE.md and copilot instructions, in that order', async () => {
    write('AGENTS.md', 'Use tabs.');
    write('.clinerules/b.md', 'Rule B');
    write('.clinerules/a.md', 'Rule A');
    write('.clinerules/image.png', 'not text');
    write('CLAUDE.md', 'Be brief.');
    write('.github/copilot-instructions.md', 'Prefer const.');
    const { rules, skipped } = await loadProjectRules(root);
    assert.deepEqual(rules.map((rule) => rule.path), ['AGENTS.md', '.clinerules/a.md', '.clinerules/b.md', 'CLAUDE.md', '.github/copilot-instructions.md']);
    assert.deepEqual(skipped, []);
    assert.match(rules[0]?.sha256 ?? '', /^[0-9a-f]{64}$/);
    const section = rulesSection(rules);
    assert.ok(section.indexOf('Use tabs.') < section.indexOf('Prefer const.'));
    assert.match(section, /<rules file="AGENTS.md">\nUse tabs.\n<\/rules>/);
  });

  it('reads a .clinerules file, the configured list only, and nested AGENTS.md of the files worked on', async () => {
    write('.clinerules', 'one file');
    write('AGENTS.md', 'root');
    write('pkg/AGENTS.md', 'pkg');
    write('pkg/sub/AGENTS.md', 'sub');
    write('other/AGENTS.md', 'other');
    const only = await loadProjectRules(root, { files: ['.clinerules'] });
    assert.deepEqual(only.rules.map((rule) => rule.text), ['one file']);
    const nested = await loadProjectRules(root, { files: ['AGENTS.md'], activeFiles: ['pkg/sub/x.ts', 'pkg/y.ts'] });
    assert.deepEqual(nested.rules.map((rule) => rule.path), ['AGENTS.md', 'pkg/AGENTS.md', 'pkg/sub/AGENTS.md']);
  });

  it('caps each file and the total, and skips links out of the workspace and paths with ..', async () => {
    write('AGENTS.md', 'x'.repeat(RULE_FILE_MAX_CHARS + 10));
    write('CLAUDE.md', 'y'.repeat(RULE_FILE_MAX_CHARS + 10));
    write('.clinerules', 'z');
    writeFileSync(join(outside, 'secret.md'), 'SECRET');
    mkdirSync(join(root, '.github'));
    symlinkSync(join(outside, 'secret.md'), join(root, '.github', 'copilot-instructions.md'));
    const { rules, skipped } = await loadProjectRules(root, { files: ['AGENTS.md', 'CLAUDE.md', '.clinerules', '.github/copilot-instructions.md', '../x.md'] });
    assert.equal(rules[0]?.truncated, true);
    assert.equal(rules[0]?.chars, RULE_FILE_MAX_CHARS + 10);
    assert.equal(rules.reduce((sum, rule) => sum + rule.text.length, 0), RULES_TOTAL_MAX_CHARS);
    assert.match(skipped.join('\n'), /\.clinerules \(the rules already reach/);
    assert.match(skipped.join('\n'), /copilot-instructions.md \(it resolves outside the workspace\)/);
    assert.ok(!rules.some((rule) => rule.text.includes('SECRET')));
    assert.match(rulesSection(rules), /cut: the file has/);
  });

  it('gives nothing for a workspace without rules', async () => {
    assert.deepEqual(await loadProjectRules(root), { rules: [], skipped: [] });
    assert.equal(rulesSection([]), '');
  });
});
