// Worker threads change where runs are read, never what comes out: pairs, SFT records and
// metrics are byte for byte those of the one-thread pipeline.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunImporter, loopWatchStuck } from '../../src/align/adapters';
import { defaultAlignConfig } from '../../src/align/config';
import { collectStats, writePairs, writeSft } from '../../src/align/export';
import { DEFAULT_EXPORT_OPTIONS } from '../../src/align/pairs';
import type { SummaryPool } from '../../src/align/parallel';
import { createPool, openRunSet, type PipelineOptions, type RunSet } from '../../src/align/pipeline';
import { DEFAULT_WATCH_CONFIG } from '../../src/watch/config';
import { randomTaskSet, seededRandom, writeRuns } from './synthetic';

describe('align: worker threads', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'crux-align-parallel-'));
    const specs = randomTaskSet(seededRandom(7), { tasks: 6, runsPerTask: 30, steps: 8, unlabelled: 0.05, branches: 0.2 });
    writeRuns(join(dir, 'runs'), specs, (spec) => spec.runId.slice(-2));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const config = defaultAlignConfig();
  let pool: SummaryPool | null = null;
  afterEach(async () => {
    await pool?.close();
    pool = null;
  });

  /** The options, and the set indexed by the same threads. */
  async function open(workers: number): Promise<{ set: RunSet; options: PipelineOptions }> {
    const importer = createRunImporter();
    pool = createPool(workers, config, { importer: {}, watch: DEFAULT_WATCH_CONFIG });
    const set = await openRunSet([join(dir, 'runs')], importer, pool);
    return { set, options: { config, importer, isStuck: loopWatchStuck(), pool } };
  }

  async function outputs(workers: number): Promise<{ set: RunSet; pairs: string; sft: string; summary: unknown }> {
    const { set, options } = await open(workers);
    const report = await writePairs(set, options, join(dir, `pairs-${workers}.jsonl`), DEFAULT_EXPORT_OPTIONS);
    await writeSft(set, options, join(dir, `sft-${workers}.jsonl`), DEFAULT_EXPORT_OPTIONS);
    await pool?.close();
    pool = null;
    return {
      set, summary: report.summary,
      pairs: readFileSync(join(dir, `pairs-${workers}.jsonl`), 'utf8'), sft: readFileSync(join(dir, `sft-${workers}.jsonl`), 'utf8'),
    };
  }

  it('indexes, writes pairs and SFT records exactly as one thread does', async () => {
    const one = await outputs(0);
    assert.ok(one.pairs.length > 0 && one.sft.length > 0, 'the set has pairs and successes');
    for (const workers of [2, 3]) {
      const many = await outputs(workers);
      assert.deepEqual(many.set.index, one.set.index);
      assert.deepEqual(many.summary, one.summary);
      assert.equal(many.pairs, one.pairs);
      assert.equal(many.sft, one.sft);
    }
  });

  it('computes the same metrics with and without workers', async () => {
    const one = await open(0);
    const expected = await collectStats(one.set, one.options);
    const two = await open(2);
    assert.deepEqual(await collectStats(two.set, two.options), expected);
  });
});
