// Trees of known task sets: shared prefixes merge, values and visits are counted per node,
// branches attach where they branched, and the filters remove what they should.
import { strict as assert } from 'node:assert';
import { defaultAlignConfig } from '../../src/align/config';
import { nodeAt, nodeId, walkTree, type TreeNode } from '../../src/align/tree';
import { analyzeSpecs, knownTask, read, run, runs, type RunSpec } from './synthetic';

const child = (node: TreeNode, label: RegExp): TreeNode => {
  const found = node.children.find((c) => label.test(c.key));
  assert.ok(found, `no child matching ${label} under ${node.key}`);
  return found;
};

describe('align: trajectory trees', () => {
  it('merges shared prefixes and scores every node', () => {
    const analysis = analyzeSpecs(knownTask()).get('fix');
    assert.ok(analysis);
    const { root } = analysis.tree;
    assert.equal(root.visits, 8);
    assert.equal(root.successes, 4);
    assert.equal(root.children.length, 1);
    const ls = child(root, /ls/);
    const readA = child(ls, /a\.py/);
    assert.equal(readA.visits, 8);
    assert.equal(readA.children.length, 2);
    const edit = child(readA, /edit_file/);
    const tests = child(readA, /pytest/);
    assert.deepEqual([edit.visits, edit.successes, edit.value], [4, 4, 1]);
    assert.deepEqual([tests.visits, tests.successes, tests.value], [4, 0, 0]);
    assert.equal(analysis.tree.size, 1 + 2 + 2 + 2);
    assert.equal(nodeAt(analysis.tree, analysis.kept[0] as never, 3), edit);
  });

  it('gives stable ids: the same path in another run set has the same id', () => {
    const a = analyzeSpecs(knownTask()).get('fix');
    const b = analyzeSpecs(knownTask().slice(0, 5)).get('fix');
    const idsOf = (root: TreeNode) => new Set([...walkTree(root)].map(nodeId));
    assert.ok(a && b);
    for (const id of idsOf(b.tree.root)) assert.ok(idsOf(a.tree.root).has(id));
    const other = analyzeSpecs(knownTask().map((spec) => ({ ...spec, taskId: 'other' }))).get('other');
    assert.ok(other);
    assert.notEqual(nodeId(other.tree.root.children[0] as TreeNode), nodeId(a.tree.root.children[0] as TreeNode));
  });

  it('attaches a branch at its parent\'s step, whether or not it copied the shared steps', () => {
    const parentSteps = [run('ls'), read('a.py'), run('pytest'), run('pytest')];
    const branchSteps = [run('ls'), read('a.py'), { tool: 'edit_file', args: { path: 'a.py' } }];
    const specs: RunSpec[] = [
      { runId: 'p', taskId: 't', steps: parentSteps, resolved: false },
      { runId: 'b1', taskId: 't', steps: branchSteps, resolved: true, parent: { runId: 'p', step: 2 }, firstStep: 3 },
      { runId: 'b2', taskId: 't', steps: branchSteps, resolved: true, parent: { runId: 'p', step: 2 } },
    ];
    const analysis = analyzeSpecs(specs).get('t');
    assert.ok(analysis);
    const readA = child(child(analysis.tree.root, /ls/), /a\.py/);
    assert.equal(readA.visits, 3);
    assert.equal(readA.successes, 2);
    const edit = child(readA, /edit_file/);
    assert.equal(edit.visits, 2);
    assert.deepEqual(analysis.runs.map((r) => r.path.length), [4, 3, 3]);
  });

  it('reports an orphan branch that cannot be placed', () => {
    const analysis = analyzeSpecs([
      { runId: 'o', taskId: 't', steps: [run('ls'), run('x')], resolved: true, parent: { runId: 'gone', step: 1 }, firstStep: 2 },
      { runId: 'k', taskId: 't', steps: [run('ls')], resolved: true, parent: { runId: 'gone', step: 1 } },
    ]).get('t');
    assert.ok(analysis);
    assert.equal(analysis.filtered['orphan-branch'], 1);
    assert.deepEqual(analysis.kept.map((r) => r.ref.runId), ['k']);
  });

  it('filters unknown outcomes, stuck runs, outlier lengths, excluded repositories and duplicates', () => {
    const normal = [run('ls'), read('a.py'), run('pytest')];
    const long = Array.from({ length: 60 }, (_, i) => run(`step ${i}`));
    const specs: RunSpec[] = [
      ...runs('t', 'ok', 6, normal, true),
      { runId: 'unknown', taskId: 't', steps: normal, resolved: null },
      { runId: 'stuck', taskId: 't', steps: normal, resolved: false },
      { runId: 'long', taskId: 't', steps: long, resolved: false },
      { runId: 'ok0', taskId: 't', steps: normal, resolved: true },
      { runId: 'eval', taskId: 't', steps: normal, resolved: true, repository: 'git@github.com:evil/benchmark.git' },
    ];
    const analysis = analyzeSpecs(specs, {
      isStuck: (trajectory) => trajectory.header.runId === 'stuck',
      config: { ...defaultAlignConfig(), filters: { excludeRepositories: ['evil/benchmark'], dropStuck: true, outlier: { k: 3, minRuns: 5 } } },
    }).get('t');
    assert.ok(analysis);
    assert.deepEqual(analysis.filtered, {
      'duplicate': 1, 'excluded-repository': 1, 'orphan-branch': 0, 'unknown-outcome': 1, 'stuck': 1, 'outlier-length': 1,
    });
    assert.equal(analysis.kept.length, 6);
    assert.equal(analysis.tree.root.visits, 6);
  });

  it('keeps stuck runs and outliers when those filters are off', () => {
    const specs: RunSpec[] = [...runs('t', 'a', 5, [run('ls')], true), { runId: 's', taskId: 't', steps: Array.from({ length: 50 }, () => run('ls')), resolved: false }];
    const analysis = analyzeSpecs(specs, {
      isStuck: (trajectory) => trajectory.header.runId === 's',
      config: { ...defaultAlignConfig(), filters: { excludeRepositories: [], dropStuck: false, outlier: null } },
    }).get('t');
    assert.equal(analysis?.kept.length, 6);
  });
});
