// Nested AGENTS.md given as the agent works in a folder: which files a call brings in (nearest
// last, the root excluded), each once per conversation, never through a link out of the
// workspace, within the run's cap, and only when AGENTS.md is a configured rule file.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  givenRuleFiles, missingNestedRules, nestedRulesBlock, NestedRulesLookup, NESTED_RULES_MARKER, withoutNestedRules,
} from '../../src/context/nested-rules';
import { mentionedPaths } from '../../src/context/mentions';
import { loadProjectRules, RULE_FILE_MAX_CHARS, RULES_TOTAL_MAX_CHARS, rulesSection, wantsNestedAgents } from '../../src/context/project-rules';
import type { ChatMessage } from '../../src/model/types';

describe('nested AGENTS.md', () => {
  let root: string;
  let outside: string;

  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'crux-nested-')));
    outside = mkdtempSync(join(tmpdir(), 'crux-outside-'));
    write('AGENTS.md', 'root rules');
    write('pkg/AGENTS.md', 'pkg rules');
    write('pkg/sub/AGENTS.md', 'sub rules');
    write('pkg/sub/file.ts', 'export {};\n');
    write('other/file.ts', 'export {};\n');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  function write(path: string, text: string): void {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }

  it('brings in the AGENTS.md files between the path and the root, nearest last, root excluded', async () => {
    const lookup = new NestedRulesLookup(root);
    const rules = await lookup.forCall('read_file', { path: 'pkg/sub/file.ts' }, new Set());
    assert.deepEqual(rules.map((rule) => [rule.path, rule.folder, rule.text]), [
      ['pkg/AGENTS.md', 'pkg', 'pkg rules'], ['pkg/sub/AGENTS.md', 'pkg/sub', 'sub rules'],
    ]);
    assert.match(rules[1]?.sha256 ?? '', /^[0-9a-f]{64}$/);
    const block = nestedRulesBlock(rules);
    assert.ok(block.startsWith(`\n\n${NESTED_RULES_MARKER}`));
    assert.ok(block.indexOf('pkg rules') < block.indexOf('sub rules'), 'the nearest comes last: it has the final word');
    assert.match(block, /<rules file="pkg\/sub\/AGENTS.md" applies-to="pkg\/sub\/">\nsub rules\n<\/rules>/);
  });

  it('counts a folder as worked in (list, search), and an absolute path inside the workspace', async () => {
    const lookup = new NestedRulesLookup(root);
    assert.deepEqual((await lookup.forCall('list_files', { path: 'pkg/sub' }, new Set())).map((rule) => rule.path), ['pkg/AGENTS.md', 'pkg/sub/AGENTS.md']);
    assert.deepEqual((await lookup.forCall('search', { pattern: 'x', path: join(root, 'pkg') }, new Set())).map((rule) => rule.path), ['pkg/AGENTS.md']);
    // A file that does not exist yet (create_file) is in its folder all the same.
    assert.deepEqual((await lookup.forCall('create_file', { path: 'pkg/new.ts', content: '' }, new Set())).map((rule) => rule.path), ['pkg/AGENTS.md']);
  });

  it('gives nothing for the root, other folders, tools without a path, MCP-like names, bad or outside paths', async () => {
    const lookup = new NestedRulesLookup(root);
    for (const [tool, args] of [
      ['list_files', {}], ['list_files', { path: '.' }], ['read_file', { path: 'other/file.ts' }], ['read_file', { path: 'AGENTS.md' }],
      ['run_command', { command: 'cat pkg/sub/file.ts' }], ['github__read_file', { path: 'pkg/sub/file.ts' }],
      ['read_file', { path: '../x/pkg/sub/file.ts' }], ['read_file', { path: 42 }], ['read_file', { path: '/etc/passwd' }],
    ] as const) {
      assert.deepEqual(await lookup.forCall(tool, args, new Set()), [], `${tool} ${JSON.stringify(args)}`);
    }
  });

  it('gives each file once: what the system prompt or an earlier observation holds is not given again', async () => {
    const lookup = new NestedRulesLookup(root);
    const first = await lookup.forCall('read_file', { path: 'pkg/sub/file.ts' }, givenRuleFiles([
      { role: 'system', content: `You are Crux.\n\n${rulesSection([{ path: 'pkg/AGENTS.md', text: 'pkg rules', chars: 9, truncated: false, sha256: '' }])}` },
    ]));
    assert.deepEqual(first.map((rule) => rule.path), ['pkg/sub/AGENTS.md']);
    const conversation: ChatMessage[] = [
      { role: 'system', content: 'You are Crux.' },
      // A file that merely quotes the tag is not a given rule: only the block after the marker counts.
      { role: 'tool', tool_call_id: 'a', content: '<rules file="pkg/AGENTS.md">quoted</rules>' },
      { role: 'tool', tool_call_id: 'b', content: `export {};${nestedRulesBlock(first)}` },
    ];
    const given = givenRuleFiles(conversation);
    assert.deepEqual([...given], ['pkg/sub/AGENTS.md']);
    assert.deepEqual((await lookup.forCall('edit_file', { path: 'pkg/sub/file.ts' }, given)).map((rule) => rule.path), ['pkg/AGENTS.md']);
    // Reading an AGENTS.md itself gives its text: it is not appended to itself.
    assert.deepEqual((await lookup.forCall('read_file', { path: 'pkg/sub/AGENTS.md' }, new Set())).map((rule) => rule.path), ['pkg/AGENTS.md']);
  });

  it('finds the nested AGENTS.md a continued conversation lacks (for its follow-up), not root files or ones it holds', () => {
    const rule = (path: string) => ({ path, text: path, chars: path.length, truncated: false, sha256: '' });
    const rules = [rule('AGENTS.md'), rule('CLAUDE.md'), rule('pkg/AGENTS.md'), rule('pkg/sub/AGENTS.md')];
    const conversation: ChatMessage[] = [
      { role: 'system', content: rulesSection([rule('AGENTS.md')]) },
      { role: 'user', content: `Task: x${nestedRulesBlock([{ ...rule('pkg/AGENTS.md'), folder: 'pkg' }])}` },
    ];
    assert.deepEqual(missingNestedRules(rules, conversation).map((item) => [item.path, item.folder]), [['pkg/sub/AGENTS.md', 'pkg/sub']]);
  });

  it('skips an AGENTS.md that links out of the workspace, and says so once', async () => {
    writeFileSync(join(outside, 'secret.md'), 'SECRET');
    rmSync(join(root, 'pkg/AGENTS.md'));
    symlinkSync(join(outside, 'secret.md'), join(root, 'pkg/AGENTS.md'));
    const warnings: string[] = [];
    const lookup = new NestedRulesLookup(root, (line) => warnings.push(line));
    const rules = await lookup.forCall('read_file', { path: 'pkg/sub/file.ts' }, new Set());
    assert.deepEqual(rules.map((rule) => rule.path), ['pkg/sub/AGENTS.md']);
    assert.ok(!rules.some((rule) => rule.text.includes('SECRET')));
    await lookup.forCall('read_file', { path: 'pkg/sub/file.ts' }, new Set());
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /pkg\/AGENTS.md \(it resolves outside the workspace\)/);
  });

  it('caps each file and what one run adds in all', async () => {
    write('pkg/AGENTS.md', 'p'.repeat(RULE_FILE_MAX_CHARS + 5));
    write('pkg/sub/AGENTS.md', 's'.repeat(RULE_FILE_MAX_CHARS + 5));
    write('big/AGENTS.md', 'b'.repeat(10));
    write('big/file.ts', '');
    const warnings: string[] = [];
    const lookup = new NestedRulesLookup(root, (line) => warnings.push(line));
    const rules = await lookup.forCall('read_file', { path: 'pkg/sub/file.ts' }, new Set());
    assert.deepEqual(rules.map((rule) => [rule.text.length, rule.chars, rule.truncated]), [
      [RULE_FILE_MAX_CHARS, RULE_FILE_MAX_CHARS + 5, true], [RULES_TOTAL_MAX_CHARS - RULE_FILE_MAX_CHARS, RULE_FILE_MAX_CHARS + 5, true],
    ]);
    assert.match(nestedRulesBlock(rules), /cut: the file has/);
    assert.deepEqual(await lookup.forCall('read_file', { path: 'big/file.ts' }, new Set()), []);
    assert.match(warnings.join('\n'), /big\/AGENTS.md \(the rules already reach/);
  });

  it('the block comes off again for replay and the loop watch', () => {
    const rule = { path: 'pkg/AGENTS.md', folder: 'pkg', text: 'x', chars: 1, truncated: false, sha256: '' };
    assert.equal(withoutNestedRules(`output${nestedRulesBlock([rule])}`), 'output');
    assert.equal(withoutNestedRules('output'), 'output');
    assert.equal(nestedRulesBlock([]), '');
  });

  it('applies only when AGENTS.md is among the configured rule files', async () => {
    assert.equal(wantsNestedAgents(), true);
    assert.equal(wantsNestedAgents(['CLAUDE.md', './AGENTS.md']), true);
    assert.equal(wantsNestedAgents(['CLAUDE.md', '.clinerules']), false);
    assert.equal(wantsNestedAgents([]), false);
    const without = await loadProjectRules(root, { files: ['CLAUDE.md'], activeFiles: ['pkg/sub/file.ts'] });
    assert.deepEqual(without.rules, []);
  });

  it('counts @-mentioned files and folders as worked on from the start', async () => {
    const paths = mentionedPaths([
      { kind: 'file', label: 'pkg/sub/file.ts', text: '', chars: 0, truncated: false },
      { kind: 'folder', label: 'pkg', text: '', chars: 0, truncated: false },
      { kind: 'git', label: 'git', text: '', chars: 0, truncated: false },
    ]);
    assert.deepEqual(paths, ['pkg/sub/file.ts', 'pkg/']);
    const folderOnly = await loadProjectRules(root, { files: ['AGENTS.md'], activeFiles: ['pkg/'] });
    assert.deepEqual(folderOnly.rules.map((rule) => rule.path), ['AGENTS.md', 'pkg/AGENTS.md']);
    const both = await loadProjectRules(root, { activeFiles: paths });
    assert.deepEqual(both.rules.map((rule) => rule.path), ['AGENTS.md', 'pkg/AGENTS.md', 'pkg/sub/AGENTS.md']);
  });
});
