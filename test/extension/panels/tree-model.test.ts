// What the tree page is sent: every node once, parents first, with values, intervals and
// marks; and the details of a node, read from a run through it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hydrate } from '../../../src/align/task-runs';
import { isRecord } from '../../../src/protocol/checks';
import { parseTreeHostMessage } from '../../../src/protocol';
import { nodeDetailOf, nodesById, representativeRun, treeViewOf } from '../../../extension/panels/tree/tree-model';
import { analyzeTask, openTreeSource, tasksOf } from '../../../extension/panels/tree/tree-source';
import { analyzeSpecs, knownTask, writeRuns } from '../../align/synthetic';

describe('tree view: the task tree as the page draws it', () => {
  it('lists nodes parents first, with their parent, values and marks', () => {
    const analysis = analyzeSpecs(knownTask()).get('fix');
    assert.ok(analysis);
    const view = treeViewOf(analysis, 'Task fix: fix the bug.', 'a folder');
    assert.ok(parseTreeHostMessage({ type: 'tree-show', tree: view }).ok, 'the page accepts it');
    assert.equal(view.nodes.length, analysis.tree.size);
    assert.equal(view.nodes[0]?.parent, -1);
    view.nodes.forEach((node, index) => {
      if (index > 0) assert.ok(node.parent >= 0 && node.parent < index, 'the parent comes first');
    });
    assert.equal(view.nodes[0]?.visits, 8);
    assert.equal(view.nodes[0]?.value, 0.5);
    const key = view.nodes.filter((node) => node.key);
    assert.equal(key.length, 1);
    assert.match(key[0]?.label ?? '', /read_file a\.py/);
    const better = view.nodes.find((node) => node.better);
    const worse = view.nodes.find((node) => node.worse);
    assert.match(better?.label ?? '', /edit_file/);
    assert.equal(better?.value, 1);
    assert.match(worse?.label ?? '', /run_command pytest/);
    assert.equal(worse?.value, 0);
    assert.ok((worse?.high ?? 1) < (better?.low ?? 0), 'the intervals are apart');
    assert.equal(view.keyActions, 1);
    assert.deepEqual(view.filtered, []);
  });

  it('details a node with the action a run took there and the runs through it', async () => {
    const analysis = analyzeSpecs(knownTask()).get('fix');
    assert.ok(analysis);
    const byId = nodesById(analysis);
    const keyNode = analysis.keyActions[0]?.node;
    assert.ok(keyNode);
    const detail = nodeDetailOf(keyNode, analysis.keyActions);
    assert.ok(parseTreeHostMessage({ type: 'tree-node', detail }).ok);
    assert.equal(detail.key, true);
    assert.equal(detail.step, 2);
    assert.equal(detail.action?.calls[0]?.name, 'read_file');
    assert.ok(isRecord(JSON.parse(detail.action?.calls[0]?.argumentsText ?? 'null')));
    assert.equal(detail.runs.length, 8);
    assert.equal(detail.comparisons.length, 1);
    assert.match(detail.comparisons[0]?.better ?? '', /edit_file/);
    assert.equal(detail.comparisons[0]?.gap, 1);
    const root = byId.get('root');
    assert.ok(root);
    assert.equal(nodeDetailOf(root, analysis.keyActions).action, null, 'the root is the task, not an action');
    assert.equal(representativeRun(keyNode)?.resolved, true, 'a successful run illustrates the node');
  });

  it('builds the tree of one task from files on disk, reading turns back for details', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crux-tree-'));
    try {
      writeRuns(dir, [...knownTask(), ...knownTask().map((spec) => ({ ...spec, runId: `other-${spec.runId}`, taskId: 'other' }))]);
      const source = await openTreeSource([dir], dir);
      assert.deepEqual(tasksOf(source).map((task) => [task.taskId, task.runs]), [['fix', 8], ['other', 8]]);
      const analysis = await analyzeTask(source, 'other');
      assert.equal(analysis.kept.length, 8);
      const node = analysis.keyActions[0]?.node;
      assert.ok(node);
      const run = representativeRun(node);
      assert.ok(run);
      await hydrate(run, analysis.read);
      assert.equal(nodeDetailOf(node, analysis.keyActions).action?.calls[0]?.name, 'read_file');
      await assert.rejects(analyzeTask(source, 'missing'), /no runs of task missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
