// Outcome label files: sb-cli reports, SWE-bench reports (JSON and Markdown), MANIFEST lists.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelFor, readOutcomeLabels } from '../../../src/trajectory/import/labels';
import { tempDir } from './helpers';

describe('outcome labels', () => {
  let dir: { path: string; remove(): void };
  beforeEach(() => {
    dir = tempDir('crux-labels-');
  });
  afterEach(() => dir.remove());
  const put = (name: string, text: string) => {
    writeFileSync(join(dir.path, name), text);
    return join(dir.path, name);
  };

  it('reads sb-cli reports, harness reports and Markdown reports by instance', async () => {
    const labels = await readOutcomeLabels([
      put('sb.json', JSON.stringify({ resolved_ids: ['a'], unresolved_ids: ['b'], error_ids: ['c'], empty_patch_ids: ['d'], completed_ids: ['a', 'b'] })),
      put('report.json', JSON.stringify({ e: { resolved: true, tests_status: {} }, f: { resolved: false } })),
      put('eval.md', '# Report\n## Resolved Instances\n- [g](logs/g.log)\n## Unresolved Instances\n- [h](logs/h.log)\n## Empty Patch Instances\n- [i](logs/i.log)\n## Incomplete Instances\n- [j](logs/j.log)\n'),
    ]);
    const resolved = (id: string) => labelFor(labels, '/nowhere', id)?.resolved;
    assert.deepEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map(resolved), [true, false, false, false, true, false, true, false, false, undefined]);
    assert.equal(labelFor(labels, '/nowhere', 'i')?.emptyPatch, true);
  });

  it('reads MANIFEST-style lists by file; a file label wins over its instance, even when null', async () => {
    const labels = await readOutcomeLabels([
      put('sb.json', JSON.stringify({ resolved_ids: ['x__y-1'] })),
      put('MANIFEST.json', JSON.stringify({ files: [
        { file: 'runs/final.json', instance_id: 'x__y-1', resolved: false },
        { file: 'runs/interrupted.json', instance_id: 'x__y-1', resolved: null },
        { file: 'README.md' },
      ] })),
    ]);
    assert.equal(labelFor(labels, join(dir.path, 'runs/final.json'), 'x__y-1')?.resolved, false);
    assert.equal(labelFor(labels, join(dir.path, 'runs/interrupted.json'), 'x__y-1')?.resolved, null);
    assert.equal(labelFor(labels, join(dir.path, 'runs/other.json'), 'x__y-1')?.resolved, true);
    // A file label naming another instance does not apply to a different run of a multi-run file.
    assert.equal(labelFor(labels, join(dir.path, 'runs/final.json'), 'z__z-9'), undefined);
  });

  it('rejects files without labels, unreadable files and broken JSON with a clear message', async () => {
    await assert.rejects(readOutcomeLabels([put('loops.json', JSON.stringify([{ file: 'a', actions: 3 }]))]), /holds no outcome labels/);
    await assert.rejects(readOutcomeLabels([join(dir.path, 'missing.json')]), /cannot read the label file .*ENOENT/);
    await assert.rejects(readOutcomeLabels([put('broken.json', '{')]), /is not valid JSON/);
  });
});
