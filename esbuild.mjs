// One build script, four bundles: the extension host bundle, the two webview bundles (the agent
// view, the editor panels) and the CLI.
// Native modules (node-pty) stay external: they are loaded at run time, with a fallback.
import * as esbuild from 'esbuild';
import { chmod } from 'node:fs/promises';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const nodeExternals = ['node-pty'];
/** jsonc-parser's main build is a UMD module whose dynamic requires esbuild cannot follow:
 * bundle its ES module build instead. */
const nodeAlias = { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' };

/** @type {esbuild.BuildOptions[]} */
const bundles = [
  {
    ...common,
    entryPoints: ['extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    // ESM builds first: jsonc-parser's UMD build requires its parts at run time, which a bundle lacks.
    mainFields: ['module', 'main'],
    format: 'cjs',
    target: 'node20',
    external: ['vscode', ...nodeExternals],
    alias: nodeAlias,
  },
  {
    ...common,
    entryPoints: ['webview-ui/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  },
  {
    // The editor panels over stored runs (history, viewer, tree): a bundle of their own, so
    // the agent view's page does not load them.
    ...common,
    entryPoints: ['webview-ui/panels/main.ts'],
    outfile: 'dist/panels.js',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    // ESM builds first: jsonc-parser's UMD build requires its parts at run time, which a bundle lacks.
    mainFields: ['module', 'main'],
    format: 'cjs',
    target: 'node20',
    external: nodeExternals,
    alias: nodeAlias,
    banner: { js: '#!/usr/bin/env node' },
  },
];

if (watch) {
  const contexts = await Promise.all(bundles.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(bundles.map((options) => esbuild.build(options)));
  await chmod('dist/cli.js', 0o755);
}
