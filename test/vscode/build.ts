// Builds what the real-VS-Code tests load: the extension's three bundles (esbuild.mjs) and
// the in-extension-host suite, bundled to out/vscode-test/suite/*.js (vscode and mocha stay
// external: the extension host provides one, node_modules the other).
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from './code-server';

export const SUITE_OUT = join(REPO_ROOT, 'out', 'vscode-test', 'suite');
export const SUITE_ENTRY = join(SUITE_OUT, 'index.js');

export async function buildAll(): Promise<void> {
  execFileSync(process.execPath, [join(REPO_ROOT, 'esbuild.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
  const suiteDir = join(REPO_ROOT, 'test', 'vscode', 'suite');
  const entries = readdirSync(suiteDir).filter((name) => name === 'index.ts' || name.endsWith('.test.ts')).map((name) => join(suiteDir, name));
  rmSync(SUITE_OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entries,
    outdir: SUITE_OUT,
    bundle: true,
    platform: 'node',
    // ESM builds first: jsonc-parser's UMD build requires its parts at run time, which a bundle lacks.
    mainFields: ['module', 'main'],
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
    external: ['vscode', 'mocha', 'node-pty'],
    // As esbuild.mjs: jsonc-parser's UMD build has requires esbuild cannot follow.
    alias: { 'jsonc-parser': join(REPO_ROOT, 'node_modules', 'jsonc-parser', 'lib', 'esm', 'main.js') },
  });
}
