// Creates the example workspace `npm run launch` opens (a git repository whose test fails
// until add() is fixed), the same one the real-VS-Code tests use. Leaves an existing one alone.
// usage: tsx scripts/example-workspace.ts DIR
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createExampleWorkspace } from '../test/vscode/fixtures';

const target = process.argv[2];
if (!target) {
  console.error('usage: tsx scripts/example-workspace.ts DIR');
  process.exit(2);
}
const dir = resolve(target);
if (existsSync(dir)) {
  console.log(`example workspace: ${dir} (kept as it is)`);
} else {
  createExampleWorkspace(dir);
  console.log(`example workspace: created ${dir} (a git repo; node test.js fails until add() is fixed)`);
}
