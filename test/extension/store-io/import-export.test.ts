// Import into the run store or a folder, and DPO/SFT export from stored runs: real files from
// other agents (eval-data) and Crux runs, through the core importers and src/align.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrajectoryStore } from '../../../src/trajectory/store';
import { exportTrainingData } from '../../../extension/store-io/export-training-data';
import { importRuns } from '../../../extension/store-io/import-runs';
import { knownTask, writeRuns } from '../../align/synthetic';

const MINI = '/work/shared/eval-data/mini-swe-agent-1.15.0__gemini-3-pro-preview__swebench-verified-50/trajs';

describe('store io: import and export', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'crux-store-io-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('imports other agents\' runs into the store, where the history lists them, once', async function () {
    if (!existsSync(MINI)) this.skip();
    const files = readdirSync(MINI).slice(0, 3).map((name) => join(MINI, name));
    const store = new TrajectoryStore(join(dir, 'store'));
    const report = await importRuns(files, { kind: 'store', store });
    assert.equal(report.written.length, 3);
    assert.equal(report.sourceFiles, 3);
    assert.deepEqual(report.failed, []);
    const listed = await store.list();
    assert.equal(listed.length, 3);
    assert.ok(listed.every((run) => run.agent === 'mini-swe-agent' && run.steps !== null));
    assert.ok(existsSync(join(store.dir, '.gitignore')));
    const again = await importRuns(files, { kind: 'store', store });
    assert.equal(again.written.length, 0);
    assert.equal(again.alreadyThere, 3, 'importing again finds them there');
    assert.equal((await store.read(listed[0]?.runId ?? '')).header.source.agent, 'mini-swe-agent');
  });

  it('imports into a folder with the names crux import gives, and reports unreadable files', async () => {
    const crux = writeRuns(join(dir, 'src'), knownTask().slice(0, 2));
    const broken = join(dir, 'src', 'broken.traj');
    writeFileSync(broken, '{"trajectory": [');
    const report = await importRuns([...crux, broken], { kind: 'folder', dir: join(dir, 'out') });
    assert.equal(report.written.length, 2);
    assert.deepEqual(readdirSync(join(dir, 'out')).sort(), ['fix.crux.good0.jsonl', 'fix.crux.good1.jsonl']);
    assert.equal(report.failed.length, 1);
    assert.equal(report.failed[0]?.file, broken);
  });

  it('exports DPO pairs at the key action and SFT records of the successes', async () => {
    const files = writeRuns(join(dir, 'runs'), knownTask());
    const pairs = await exportTrainingData('pairs', files, join(dir, 'pairs.jsonl'));
    assert.equal(pairs.written, 1, 'one pair per significant comparison');
    assert.equal(pairs.runs, 8);
    assert.equal(pairs.tasks, 1);
    assert.equal(pairs.keyActions, 1);
    const first = JSON.parse(readFileSync(join(dir, 'pairs.jsonl'), 'utf8').split('\n')[0] ?? '{}') as { chosen: { tool_calls: { function: { name: string } }[] }[] };
    assert.equal(first.chosen[0]?.tool_calls[0]?.function.name, 'edit_file');
    const sft = await exportTrainingData('sft', files, join(dir, 'sft.jsonl'));
    assert.equal(sft.written, 4, 'the four resolved runs');
    await assert.rejects(exportTrainingData('pairs', [join(dir, 'empty')], join(dir, 'x.jsonl')), /no runs found|cannot read/);
  });
});
