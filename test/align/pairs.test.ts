// Key actions and DPO pairs on known task sets: which decision points count, which pair they
// give, what a pair line holds, and that it survives a JSON Lines round trip.
import { strict as assert } from 'node:assert';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { defaultAlignConfig } from '../../src/align/config';
import { writePairs } from '../../src/align/export';
import { findKeyActions } from '../../src/align/key-actions';
import { DEFAULT_EXPORT_OPTIONS, pairsOfKeyAction, type PairRecord } from '../../src/align/pairs';
import { openRunSet } from '../../src/align/pipeline';
import { nodeId } from '../../src/align/tree';
import { analyzeSpecs, knownTask, read, run, runs, writeRuns, type RunSpec } from './synthetic';

async function pairsOf(specs: RunSpec[], significance: Partial<ReturnType<typeof defaultAlignConfig>['significance']> = {}): Promise<PairRecord[]> {
  const config = defaultAlignConfig();
  Object.assign(config.significance, significance);
  const pairs: PairRecord[] = [];
  for (const analysis of analyzeSpecs(specs, { config }).values()) {
    for (const key of findKeyActions(analysis.tree, config.significance)) {
      pairs.push(...(await pairsOfKeyAction(key, config.significance.z, DEFAULT_EXPORT_OPTIONS, null)).pairs);
    }
  }
  return pairs;
}

describe('align: key actions and pairs', () => {
  it('finds the one decision point of the known task and ranks its comparison', () => {
    const analysis = analyzeSpecs(knownTask()).get('fix');
    assert.ok(analysis);
    assert.equal(analysis.keyActions.length, 1);
    const key = analysis.keyActions[0];
    assert.ok(key);
    assert.equal(key.node.step, 2);
    assert.match(key.node.key, /read_file/);
    const best = key.comparisons[0];
    assert.ok(best);
    assert.match(best.better.key, /edit_file/);
    assert.match(best.worse.key, /pytest/);
    assert.equal(best.gap, 1);
    assert.ok(best.separation > 0);
  });

  it('writes the pair in the conversational preference format with metadata', async () => {
    const [pair, ...rest] = await pairsOf(knownTask());
    assert.equal(rest.length, 0);
    assert.ok(pair);
    assert.deepEqual(pair.prompt.map((m) => m.role), ['system', 'user', 'assistant', 'tool', 'assistant', 'tool']);
    assert.equal(pair.chosen.length, 1);
    assert.equal(pair.rejected.length, 1);
    const chosen = pair.chosen[0];
    const rejected = pair.rejected[0];
    assert.ok(chosen?.role === 'assistant' && rejected?.role === 'assistant');
    assert.equal(chosen.tool_calls?.[0]?.function.name, 'edit_file');
    assert.deepEqual(chosen.tool_calls?.[0]?.function.arguments, { path: 'a.py', old_string: 'x', new_string: 'y' });
    assert.equal(rejected.tool_calls?.[0]?.function.name, 'run_command');
    assert.ok(Array.isArray(pair.tools) && pair.tools[0]?.type === 'function');
    const { metadata } = pair;
    assert.equal(metadata.task, 'fix');
    assert.equal(metadata.step, 3);
    assert.deepEqual([metadata.chosen.value, metadata.chosen.visits, metadata.rejected.value, metadata.rejected.visits], [1, 4, 0, 4]);
    assert.equal(metadata.gap, 1);
    assert.match(metadata.chosen.run, /^good/);
    assert.match(metadata.rejected.run, /^bad/);
    assert.equal(metadata.prompt_run, metadata.chosen.run);
    // The prompt is the chosen run's own history: its first assistant message is that run's call.
    const first = pair.prompt[2];
    assert.ok(first?.role === 'assistant');
    assert.equal(first.tool_calls?.[0]?.id, `${metadata.chosen.run}-c1`);
  });

  it('needs min-visits runs on each side, the min gap and separate intervals', async () => {
    assert.equal((await pairsOf(knownTask(), { minVisits: 5 })).length, 0);
    assert.equal((await pairsOf(knownTask(), { minGap: 1 })).length, 1);
    // 3/3 against 0/3 reaches the gap but the 95% intervals overlap.
    const three = [...runs('t', 'g', 3, [read('a'), run('good')], true), ...runs('t', 'b', 3, [read('a'), run('bad')], false)];
    assert.equal((await pairsOf(three, { minVisits: 1 })).length, 0);
    assert.equal((await pairsOf(three, { minVisits: 1, z: 1 })).length, 1);
    // 6/10 against 4/10: the gap is 0.2 but the intervals overlap widely.
    const close = [
      ...runs('c', 'g', 6, [run('good')], true), ...runs('c', 'h', 4, [run('good')], false),
      ...runs('c', 'b', 4, [run('bad')], true), ...runs('c', 'c', 6, [run('bad')], false),
    ];
    assert.equal((await pairsOf(close)).length, 0);
  });

  it('pairs every significant sibling pair of a decision point, best first', async () => {
    const specs = [
      ...runs('t', 'a', 6, [run('x'), run('best')], true),
      ...runs('t', 'b', 12, [run('x'), run('worst')], false),
      ...runs('t', 'm', 6, [run('x'), run('middle')], true), ...runs('t', 'n', 6, [run('x'), run('middle')], false),
    ];
    const pairs = await pairsOf(specs);
    assert.deepEqual(pairs.map((p) => [p.metadata.chosen.action, p.metadata.rejected.action]), [
      ['run_command best', 'run_command worst'],
      ['run_command middle', 'run_command worst'],
    ]);
    assert.ok(pairs.every((p) => p.metadata.decision_node === pairs[0]?.metadata.decision_node));
  });

  it('round-trips the pair file through a JSON Lines reader', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crux-pairs-'));
    try {
      writeRuns(join(dir, 'runs'), [...knownTask(), ...knownTask().map((spec) => ({ ...spec, taskId: 'fix2', runId: `${spec.runId}-2` }))]);
      const set = await openRunSet([join(dir, 'runs')]);
      const out = join(dir, 'out', 'pairs.jsonl');
      const report = await writePairs(set, { config: defaultAlignConfig() }, out, DEFAULT_EXPORT_OPTIONS);
      assert.equal(report.pairs, 2);
      const lines: PairRecord[] = [];
      const reader = createInterface({ input: createReadStream(out), crlfDelay: Infinity });
      for await (const line of reader) lines.push(JSON.parse(line) as PairRecord);
      const inMemory = await pairsOf([...knownTask(), ...knownTask().map((spec) => ({ ...spec, taskId: 'fix2', runId: `${spec.runId}-2` }))]);
      const byTask = (a: PairRecord, b: PairRecord) => a.metadata.task.localeCompare(b.metadata.task);
      assert.deepEqual(lines.sort(byTask), JSON.parse(JSON.stringify(inMemory.sort(byTask))));
      assert.ok(readFileSync(out, 'utf8').endsWith('}\n'));
      assert.deepEqual(report.top.map((k) => k.task).sort(), ['fix', 'fix2']);
      assert.ok(report.top.some((k) => k.node === nodeId(analyzeSpecs(knownTask()).get('fix')?.keyActions[0]?.node as never)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
