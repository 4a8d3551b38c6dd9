// Creates the example workspace `npm run launch` opens (a git repository whose test fails
// until add() is fixed), the same one the real-VS-Code tests use. Leaves an existing one alone.
// usage: tsx scripts/example-workspace.ts DIR
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../test/vscode/code-server';
import { createExampleWorkspace } from '../test/vscode/fixtures';

const target = process.argv[2];
if (!target) {
  console.error('usage: tsx scripts/example-workspace.ts DIR');
  process.exit(2);
}
const dir = resolve(target);
// Inside the Crux repository the agent's `npm test` would find Crux's package.json and run
// Crux's own test suite; the workspace belongs in a cache folder (launch.sh's default).
const inside = relative(REPO_ROOT, dir);
if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
  console.error(`example workspace: ${dir} is inside the Crux repository (${REPO_ROOT}); use a folder outside it, e.g. ~/.cache/crux/example-workspace`);
  process.exit(2);
}
if (existsSync(dir)) {
  console.log(`example workspace: ${dir} (kept as it is)`);
} else {
  createExampleWorkspace(dir);
  console.log(`example workspace: created ${dir} (a git repo; node test.js fails until add() is fixed)`);
}
