// Real git repositories in temp folders for end-to-end tests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface GitFixture {
  root: string;
  git(...args: string[]): string;
  remove(): void;
}

export function createGitRepo(files: Record<string, string>, prefix = 'crux-repo-'): GitFixture {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.invalid');
  git('config', 'user.name', 'Crux Test');
  git('config', 'commit.gpgsign', 'false');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  return { root, git, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** A tiny package whose unit test fails because `add` subtracts. */
export const BUGGY_CALC: Record<string, string> = {
  'calc.js': 'function add(a, b) {\n  return a - b;\n}\n\nmodule.exports = { add };\n',
  'test.js': "const assert = require('node:assert');\nconst { add } = require('./calc');\nassert.equal(add(2, 3), 5);\nconsole.log('all tests passed');\n",
  'README.md': '# calc\n',
};
