// Leave-one-source-out cross-validation: its mechanics on small made-up data (the choice is
// made without the held-out source), then the figures the README reports, on eval-data and on
// our own labelled runs (skipped when those third-party runs are not on this machine).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadRuns } from '../../src/trajectory/import';
import { DEFAULT_WATCH_CONFIG, watchConfig } from '../../src/watch/config';
import { crossValidate, sourceOf, thresholdGrid, type SourcedRun } from '../../src/watch/cross-validate';
import { f1 } from '../../src/watch/evaluate';
import { readLoopLabels, type LoopLabel } from '../../src/watch/labels';
import { evalDataDir, repoRoot, RunBuilder } from './helpers';

const label = (file: string, loop: boolean, stuck = loop): LoopLabel => ({ file, actions: 1, stuck, loop, firstLoopAction: loop ? 1 : null, kind: null });

async function labelledRuns(dir: string, labelFiles: string[], prefix: string): Promise<SourcedRun[]> {
  const labels = await readLoopLabels(labelFiles);
  const wanted = new Map(labels.map((item) => [resolve(dir, item.file), item]));
  const loaded = await loadRuns([...wanted.keys()], {});
  assert.deepEqual(loaded.errors, []);
  return loaded.runs.flatMap((run) => {
    const found = run.index === 0 ? wanted.get(resolve(run.file)) : undefined;
    return found ? [{ label: found, trajectory: run.trajectory, source: sourceOf(found, prefix) }] : [];
  });
}

describe('loop watch: leave-one-source-out cross-validation', () => {
  it('names a source by its first folder, prefixed for other data folders', () => {
    assert.equal(sourceOf({ file: 'agent__model/trajs/x.json' }), 'agent__model');
    assert.equal(sourceOf({ file: 'agent__model/x.json' }, 'extra'), 'extra/agent__model');
  });

  it('chooses the settings without the held-out source and pools the held-out verdicts', () => {
    // Candidate "low" calls everything a loop; "high" nothing. Source a holds loops, b and c not.
    const trajectory = new RunBuilder().build();
    const runs: SourcedRun[] = [
      { source: 'a', label: label('a/1', true), trajectory }, { source: 'a', label: label('a/2', true), trajectory },
      { source: 'b', label: label('b/1', false), trajectory }, { source: 'c', label: label('c/1', false), trajectory },
    ];
    const low = watchConfig({ noProgress: { warnAt: 1 } });
    const high = watchConfig({ noProgress: { warnAt: 99 } });
    const judged: string[] = [];
    const cv = crossValidate(runs, [{ name: 'high', config: high }, { name: 'low', config: low }], {
      judge: (_, config) => {
        judged.push(config === low ? 'low' : 'high');
        const loop = config === low;
        return { loop, stuck: loop };
      },
    });
    assert.equal(judged.length, 8, 'every candidate judges every run once');
    const chosen = Object.fromEntries(cv.folds.map((fold) => [fold.source, fold.chosen]));
    // Holding out a leaves only loop-free runs: "high" (first, and no worse) is chosen, and a's loops are missed.
    assert.deepEqual(chosen, { a: 'high', b: 'low', c: 'low' });
    assert.deepEqual(cv.pooled.loop, { tp: 0, fp: 2, fn: 2, tn: 0 });
    assert.equal(cv.pooled.stuckOnLoopFree, 2);
    assert.deepEqual(cv.inSample.loop, { tp: 0, fp: 0, fn: 2, tn: 2 }, 'in-sample: the first candidate on every run');
    assert.equal(cv.candidates, 2);
    assert.deepEqual(cv.sensitivity.map((row) => [row.name, row.loop.tp, row.loop.fp]), [['high', 0, 0], ['low', 2, 2]]);
  });

  it('starts its grid with the given settings, so ties keep them', () => {
    const grid = thresholdGrid(DEFAULT_WATCH_CONFIG);
    assert.equal(grid[0]?.config, DEFAULT_WATCH_CONFIG);
    assert.equal(new Set(grid.map((candidate) => candidate.name)).size, grid.length);
  });

  it('reaches stuck F1 and loop F1 of at least 0.8 out of sample on eval-data, with no stuck loop-free run', async function () {
    this.timeout(300_000);
    const labelsDir = join(evalDataDir, 'labels');
    if (!existsSync(labelsDir)) {
      console.log(`    (skipped: no eval data at ${evalDataDir})`);
      this.skip();
    }
    const files = readdirSync(labelsDir).filter((name) => name.endsWith('.json')).map((name) => join(labelsDir, name));
    const runs = await labelledRuns(evalDataDir, files, '');
    const cv = crossValidate(runs, thresholdGrid(DEFAULT_WATCH_CONFIG));
    assert.ok(cv.folds.length >= 5, `${cv.folds.length} sources`);
    assert.ok(f1(cv.pooled.stuck) >= 0.8, `cross-validated stuck F1 ${f1(cv.pooled.stuck).toFixed(2)}`);
    assert.ok(f1(cv.pooled.loop) >= 0.8, `cross-validated loop F1 ${f1(cv.pooled.loop).toFixed(2)}`);
    assert.equal(cv.pooled.stuckOnLoopFree, 0);
  });

  it('holds on our own labelled runs of other agents and models', async function () {
    this.timeout(300_000);
    const dir = process.env.CRUX_EXTRA_RUNS ?? join(homedir(), '.cache', 'crux', 'extra-runs');
    const labelFile = join(repoRoot, 'test', 'watch', 'extra-labels', 'loops-own.json');
    const labels = await readLoopLabels([labelFile]);
    if (!labels.every((item) => existsSync(join(dir, item.file)))) {
      console.log(`    (skipped: the third-party runs are not in ${dir}; fetch them with npx tsx scripts/fetch-extra-runs.ts)`);
      this.skip();
    }
    const runs = await labelledRuns(dir, [labelFile], 'extra-runs');
    assert.equal(runs.length, labels.length);
    const cv = crossValidate(runs, [{ name: 'defaults', config: DEFAULT_WATCH_CONFIG }]);
    assert.equal(cv.inSample.stuckOnLoopFree, 0);
    assert.ok(f1(cv.inSample.loop) >= 0.8, `loop F1 ${f1(cv.inSample.loop).toFixed(2)}`);
    assert.ok(f1(cv.inSample.stuck) >= 0.8, `stuck F1 ${f1(cv.inSample.stuck).toFixed(2)}`);
  });
});
