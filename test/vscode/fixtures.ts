// The folders one real-VS-Code test run works in, all under one temp directory: a small git
// repository with a failing test (the workspace), and VS Code's user data with settings.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestDirs {
  root: string;
  /** The in-host suite's folder. */
  workspace: string;
  /** A fresh copy for the webview flow, so it starts with no editors restored from phase 1. */
  uiWorkspace: string;
  userData: string;
  extensions: string;
  xdg: string;
  browserProfile: string;
}

export function makeTestDirs(prefix = 'crux-vscode-'): TestDirs {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const dirs: TestDirs = {
    root,
    workspace: join(root, 'workspace'),
    uiWorkspace: join(root, 'ui-workspace'),
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    xdg: join(root, 'xdg'),
    browserProfile: join(root, 'browser-profile'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return dirs;
}

export const MATH_BUGGY = 'function add(a, b) {\n  return a - b;\n}\n\nmodule.exports = { add };\n';
export const MATH_FIXED = MATH_BUGGY.replace('a - b', 'a + b');

/** A git repository whose one test fails until add() is fixed. */
export function createExampleWorkspace(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'math.js'), MATH_BUGGY);
  writeFileSync(join(dir, 'test.js'), [
    "const assert = require('node:assert');",
    "const { add } = require('./math');",
    '',
    'assert.strictEqual(add(2, 3), 5);',
    "console.log('ok: add(2, 3) === 5');",
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'README.md'), '# Example\n\n`node test.js` fails: add() is broken. Ask Crux to fix it.\n');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('-c', 'user.name=Crux Test', '-c', 'user.email=test@crux.invalid', 'commit', '-q', '-m', 'Example with a failing test');
}

/** User settings: the fake model server, and a quiet workbench for stable screenshots. */
export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    ...settings,
  }, null, 2));
}

/** The workspace's own settings (.vscode/settings.json), which VS Code applies live. */
export function writeWorkspaceSettings(workspace: string, settings: Record<string, unknown>): void {
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
}
