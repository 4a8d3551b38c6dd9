import { strict as assert } from 'node:assert';
import { listFilesTool } from '../../src/tools/list-files';
import { cleanupTempDirs, context, tempDir, writeFiles } from './workspace-fixture';

describe('list_files', () => {
  let root: string;

  beforeEach(async () => {
    root = await tempDir('crux-list-');
    await writeFiles(root, {
      '.gitignore': 'node_modules/\n*.log\nbuild\n',
      'README.md': '# hi',
      'debug.log': 'noise',
      'node_modules/lib/index.js': 'x',
      'build/out.js': 'x',
      'src/main.ts': 'x',
      'src/.gitignore': 'generated.ts\n!keep.log\n',
      'src/generated.ts': 'x',
      'src/keep.log': 'kept by a nested negation',
      'src/util/helpers.ts': 'x',
      '.git/config': '[core]',
      '.github/workflows/ci.yml': 'on: push',
    });
  });
  afterEach(cleanupTempDirs);

  it('lists one level with folders marked by a trailing slash, hiding ignored files and .git', async () => {
    const result = await listFilesTool.execute({}, context(root));
    assert.equal(result.isError, false);
    assert.deepEqual(result.output.split('\n'), ['.github/', '.gitignore', 'README.md', 'src/']);
  });

  it('lists recursively, applying nested .gitignore files and their negations', async () => {
    const result = await listFilesTool.execute({ path: '.', recursive: true }, context(root));
    const entries = result.output.split('\n');
    assert.ok(entries.includes('src/util/helpers.ts'));
    assert.ok(entries.includes('src/keep.log'), 'a nested !pattern re-includes the file');
    assert.ok(!entries.includes('src/generated.ts'), 'a nested .gitignore applies below its folder');
    for (const hidden of ['debug.log', 'node_modules/', 'build/', '.git/', '.git/config']) assert.ok(!entries.includes(hidden), hidden);
    assert.ok(entries.includes('.github/workflows/ci.yml'));
  });

  it('lists a sub-folder with workspace-relative paths', async () => {
    const result = await listFilesTool.execute({ path: 'src' }, context(root));
    assert.deepEqual(result.output.split('\n'), ['src/.gitignore', 'src/keep.log', 'src/main.ts', 'src/util/']);
  });

  it('shows an ignored folder when asked for it by name', async () => {
    const result = await listFilesTool.execute({ path: 'node_modules' }, context(root));
    assert.equal(result.output, 'node_modules/lib/');
  });

  it('caps the listing and says how many entries were left out', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`many/file${String(i).padStart(2, '0')}.txt`] = 'x';
    await writeFiles(root, files);
    const result = await listFilesTool.execute({ path: 'many' }, context(root, { limits: { maxListEntries: 10 } }));
    const lines = result.output.split('\n');
    assert.equal(lines.length, 11);
    assert.match(lines[10] as string, /\[20 more entries not shown \(limit 10\)/);
    assert.equal(result.truncated, true);
  });

  it('returns clear errors for a file, a missing folder and an escape', async () => {
    assert.match((await listFilesTool.execute({ path: 'README.md' }, context(root))).output, /is a file, not a folder/);
    const missing = await listFilesTool.execute({ path: 'nope' }, context(root));
    assert.equal(missing.isError, true);
    assert.match(missing.output, /does not exist/);
    const escape = await listFilesTool.execute({ path: '..' }, context(root));
    assert.equal(escape.isError, true);
    assert.match(escape.output, /outside the workspace/);
  });

  it('says when a folder is empty', async () => {
    await writeFiles(root, { 'only-ignored/x.log': 'x' });
    assert.match((await listFilesTool.execute({ path: 'only-ignored' }, context(root))).output, /is empty/);
  });
});
