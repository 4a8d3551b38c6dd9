// Properties that hold for every task set: random sets from a seeded PRNG (some runs branch
// from others, some are unlabelled), checked against brute-force recomputation.
import { strict as assert } from 'node:assert';
import { defaultAlignConfig } from '../../src/align/config';
import { toTrainingMessages, promptOfTurn } from '../../src/align/messages';
import { DEFAULT_EXPORT_OPTIONS, pairsOfKeyAction, type PairRecord } from '../../src/align/pairs';
import type { TaskAnalysis } from '../../src/align/pipeline';
import type { TaskRun } from '../../src/align/task-runs';
import { ownTurn, turnSource } from '../../src/align/task-runs';
import { walkTree, type TreeNode } from '../../src/align/tree';
import { wilsonInterval } from '../../src/align/wilson';
import { analyzeSpecs, randomTaskSet, seededRandom } from './synthetic';

const SEEDS = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233];

function pathTo(node: TreeNode): string[] {
  const keys: string[] = [];
  for (let n: TreeNode | null = node; n && n.parent; n = n.parent) keys.unshift(n.key);
  return keys;
}

function sharesPrefix(run: TaskRun, prefix: readonly string[]): boolean {
  return prefix.every((key, i) => run.path[i] === key);
}

async function analyses(seed: number): Promise<{ tasks: Map<string, TaskAnalysis>; pairs: PairRecord[] }> {
  const random = seededRandom(seed);
  const specs = randomTaskSet(random, { tasks: 3, runsPerTask: 20 + Math.floor(random() * 40), steps: 3 + Math.floor(random() * 8), unlabelled: 0.05, branches: 0.3 });
  const config = defaultAlignConfig();
  config.significance.minVisits = 3;
  config.significance.minGap = 0.1;
  const tasks = analyzeSpecs(specs, { config });
  const pairs: PairRecord[] = [];
  for (const analysis of tasks.values()) {
    for (const key of analysis.keyActions) pairs.push(...(await pairsOfKeyAction(key, config.significance.z, DEFAULT_EXPORT_OPTIONS, null)).pairs);
  }
  return { tasks, pairs };
}

describe('align: properties of random task sets', () => {
  it('produces pairs at all (the generator has real key steps)', async () => {
    const all = await Promise.all(SEEDS.map(analyses));
    const total = all.reduce((sum, set) => sum + set.pairs.length, 0);
    assert.ok(total >= SEEDS.length, `only ${total} pairs over ${SEEDS.length} seeds`);
    const branched = all.reduce((sum, set) => sum + [...set.tasks.values()].flatMap((a) => a.kept).filter((run) => run.parent).length, 0);
    assert.ok(branched > 0, 'some kept runs are branches');
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: node values are the success rate of exactly the kept runs through them`, async () => {
      for (const analysis of (await analyses(seed)).tasks.values()) {
        assert.equal(analysis.tree.root.visits, analysis.kept.length);
        for (const node of walkTree(analysis.tree.root)) {
          const prefix = pathTo(node);
          const through = analysis.kept.filter((run) => sharesPrefix(run, prefix));
          assert.equal(node.visits, through.length);
          assert.equal(node.successes, through.filter((run) => run.resolved === true).length);
          const endHere = through.filter((run) => run.path.length === prefix.length).length;
          assert.equal(node.visits, endHere + node.children.reduce((sum, child) => sum + child.visits, 0));
        }
        assert.ok(analysis.kept.every((run) => run.resolved !== null && run.excluded === null));
      }
    });

    it(`seed ${seed}: every pair shares its prefix, prefers the higher value and stays in its task`, async () => {
      const { tasks, pairs } = await analyses(seed);
      for (const pair of pairs) {
        const { metadata } = pair;
        const analysis = tasks.get(metadata.task);
        assert.ok(analysis, 'the pair names a task of the set');
        const byId = new Map(analysis.runs.map((run) => [run.ref.runId, run]));
        const chosen = byId.get(metadata.chosen.run);
        const rejected = byId.get(metadata.rejected.run);
        assert.ok(chosen && rejected, 'both runs belong to the pair\'s task');
        const step = metadata.step;
        assert.deepEqual(chosen.path.slice(0, step - 1), rejected.path.slice(0, step - 1), 'the same actions before the decision');
        assert.notEqual(chosen.path[step - 1], rejected.path[step - 1], 'different actions at the decision');
        assert.ok(metadata.chosen.value > metadata.rejected.value);
        assert.ok(metadata.gap >= 0.1 - 1e-9);
        const chosenLow = wilsonInterval(metadata.chosen.successes, metadata.chosen.visits, metadata.z).low;
        const rejectedHigh = wilsonInterval(metadata.rejected.successes, metadata.rejected.visits, metadata.z).high;
        assert.ok(chosenLow > rejectedHigh, 'intervals do not overlap');
        // The prompt is exactly the prompt run's rebuilt messages, and its assistant messages
        // are the shared actions, the same calls the rejected run made.
        const own = ownTurn(chosen, step);
        assert.ok(own);
        assert.equal(own.owner.ref.runId, metadata.prompt_run);
        assert.deepEqual(pair.prompt, toTrainingMessages(promptOfTurn(turnSource(own.owner), step) ?? [], 'object'));
        const calls = pair.prompt.flatMap((m) => (m.role === 'assistant' ? (m.tool_calls ?? []).map((c) => [c.function.name, c.function.arguments]) : []));
        const rejectedCalls = Array.from({ length: step - 1 }, (_, i) => ownTurn(rejected, i + 1)?.turn.toolCalls.map((c) => [c.name, c.arguments]) ?? []).flat();
        assert.deepEqual(calls, rejectedCalls);
        assert.equal(pair.chosen.length, 1);
        assert.equal(pair.rejected.length, 1);
      }
    });
  }
});
