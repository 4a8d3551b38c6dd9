// The dependency rules of docs/ARCHITECTURE.md are enforced by ESLint; these tests make
// sure the rules really fire, so a config change cannot silently switch them off.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('lint: dependency rules', function () {
  this.timeout(60_000);

  it('keeps vscode, extension/ and webview-ui/ out of src/', async () => {
    assert.equal((await restrictedImports('src/agent/x.ts', "import * as vscode from 'vscode';\nvoid vscode;\n")).length, 1);
    assert.equal((await restrictedImports('src/agent/x.ts', "import { a } from '../../extension/extension';\nvoid a;\n")).length, 1);
    assert.equal((await restrictedImports('src/tools/x.ts', "import { a } from '../../webview-ui/main';\nvoid a;\n")).length, 1);
    assert.deepEqual(await restrictedImports('src/agent/x.ts', "import { readFile } from 'node:fs';\nvoid readFile;\n"), []);
  });

  it('lets src/protocol/ import only its own files', async () => {
    assert.equal((await restrictedImports('src/protocol/x.ts', "import { readFile } from 'node:fs';\nvoid readFile;\n")).length, 1);
    assert.equal((await restrictedImports('src/protocol/x.ts', "import type { AgentEvent } from '../agent/events';\nexport type A = AgentEvent;\n")).length, 1);
    assert.deepEqual(await restrictedImports('src/protocol/x.ts', "import type { A } from './messages';\nexport type B = A;\n"), []);
  });

  it('lets webview-ui/ import only src/protocol/', async () => {
    assert.equal((await restrictedImports('webview-ui/x.ts', "import { Agent } from '../src/agent/agent';\nvoid Agent;\n")).length, 1);
    assert.equal((await restrictedImports('webview-ui/x.ts', "import { diffLines } from 'diff';\nvoid diffLines;\n")).length, 1);
    assert.deepEqual(await restrictedImports('webview-ui/x.ts', "import type { A } from '../src/protocol/messages';\nexport type B = A;\n"), []);
  });

  it('limits file size', async () => {
    const long = Array.from({ length: 420 }, (_, i) => `export const v${i} = ${i};`).join('\n');
    const [result] = await eslint.lintText(long, { filePath: join(root, 'src/agent/long.ts') });
    assert.ok(result?.messages.some((message) => message.ruleId === 'max-lines'));
  });
});
