// The detector over the real runs in ../shared/eval-data, against every hand-label file in
// its labels/ folder: the quality target of issue #4, and the peers scored on the same runs.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadRuns, readOutcomeLabels } from '../../src/trajectory/import';
import { BASELINES, cruxDetector, evaluate, f1, type EvalRow, type LabelledRun } from '../../src/watch/evaluate';
import { readLoopLabels } from '../../src/watch/labels';
import { analyzeTrajectory } from '../../src/watch/offline';
import { evalDataDir } from './helpers';

describe('loop watch on the labelled eval-data runs', function () {
  this.timeout(120_000);
  let runs: LabelledRun[] = [];
  let rows: EvalRow[] = [];

  before(async function () {
    const labelsDir = join(evalDataDir, 'labels');
    if (!existsSync(labelsDir)) {
      console.log(`    (skipped: no eval data at ${evalDataDir})`);
      this.skip();
    }
    const files = readdirSync(labelsDir).filter((name) => name.endsWith('.json')).map((name) => join(labelsDir, name));
    const labels = await readLoopLabels(files);
    const manifests = readdirSync(evalDataDir).filter((name) => /^MANIFEST.*\.json$/.test(name)).map((name) => join(evalDataDir, name));
    const wanted = new Map(labels.map((label) => [resolve(evalDataDir, label.file), label]));
    const loaded = await loadRuns([...wanted.keys()], { labels: await readOutcomeLabels(manifests) });
    assert.deepEqual(loaded.errors, []);
    runs = loaded.runs.flatMap((run) => {
      const label = wanted.get(resolve(run.file));
      return label ? [{ label, trajectory: run.trajectory }] : [];
    });
    assert.equal(runs.length, labels.length, 'every labelled run loads');
    rows = evaluate(runs, [cruxDetector(), ...BASELINES]);
  });

  it('finds stuck runs with F1 of at least 0.85', () => {
    const crux = rows[0] as EvalRow;
    assert.ok(crux.stuck.tp + crux.stuck.fn > 0, 'the labels hold stuck runs');
    assert.ok(f1(crux.stuck) >= 0.85, `stuck F1 ${f1(crux.stuck).toFixed(3)} (tp ${crux.stuck.tp}, fp ${crux.stuck.fp}, fn ${crux.stuck.fn})`);
  });

  it('beats every peer baseline on stuck F1', () => {
    const crux = f1((rows[0] as EvalRow).stuck);
    for (const row of rows.slice(1)) assert.ok(crux > f1(row.stuck), `${row.name}: ${f1(row.stuck).toFixed(3)} vs crux ${crux.toFixed(3)}`);
  });

  it('never calls a loop-free run stuck, nor gives it a stuck finding', () => {
    for (const { label, trajectory } of runs.filter((item) => !item.label.loop)) {
      const report = analyzeTrajectory(trajectory);
      assert.equal(report.stuck, false, label.file);
      assert.deepEqual(report.findings.filter((finding) => finding.severity === 'stuck').map((finding) => finding.id), [], label.file);
    }
  });

  it('warns on every stuck run before it ends', () => {
    const crux = rows[0] as EvalRow;
    assert.equal(crux.warnedStuckRuns, crux.stuck.tp + crux.stuck.fn);
    assert.ok((crux.meanWarningLead ?? 0) > 0);
  });
});
