// The pipeline on real runs (../shared/eval-data): OpenHands' interrupted and final attempts of
// the same task share real prefixes, which the tree must merge; the metrics must match the
// published labels. Skipped, with a message, where the folder is absent.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunImporter } from '../../src/align/adapters';
import { createCanonicalizer } from '../../src/align/canonical';
import { defaultAlignConfig } from '../../src/align/config';
import { collectStats } from '../../src/align/export';
import { promptOfTurn, turnsByStep } from '../../src/align/messages';
import { analyzeTasks, openRunSet, type RunSet } from '../../src/align/pipeline';
import { RunLoader } from '../../src/align/source';
import { linkTaskRuns, summarizeRun, turnSource, type TaskRun } from '../../src/align/task-runs';
import { buildTree, type TreeNode } from '../../src/align/tree';
import { readOutcomeLabels } from '../../src/trajectory/import';

const repoRoot = join(__dirname, '..', '..');
const evalData = join(repoRoot, '..', 'shared', 'eval-data');
const openHands = join(evalData, 'openhands__CodeActAgent__claude-3-5-sonnet-20241022__swebench-verified-50');

/** Task → how many actions the interrupted and the final attempt share before they differ. */
const SHARED_PREFIX: Record<string, number> = {
  'astropy__astropy-13977': 1,
  'astropy__astropy-8707': 1,
  'django__django-10097': 0,
};

describe('align: real OpenHands runs (eval-data)', function () {
  this.timeout(60_000);
  let set: RunSet;
  let importer: ReturnType<typeof createRunImporter>;

  before(async function () {
    if (!existsSync(openHands)) {
      console.log(`    (skipped: ${evalData} is absent; the shared eval-data folder holds the real runs)`);
      this.skip();
    }
    importer = createRunImporter({ labels: await readOutcomeLabels([join(evalData, 'MANIFEST.json')]) });
    set = await openRunSet([openHands], importer);
  });

  async function allRuns(taskId: string): Promise<TaskRun[]> {
    const canonicalize = createCanonicalizer(defaultAlignConfig().normalization);
    const { runs } = await new RunLoader(importer).load(set.tasks.get(taskId) ?? [], (run) => summarizeRun(run, { canonicalize, retain: () => true }));
    linkTaskRuns(runs);
    return runs;
  }

  it('indexes the 21 attempts of the 18 tasks', () => {
    assert.equal(set.index.refs.length, 21);
    assert.equal(set.tasks.size, 18);
    for (const taskId of Object.keys(SHARED_PREFIX)) assert.equal(set.tasks.get(taskId)?.length, 2, taskId);
  });

  for (const [taskId, shared] of Object.entries(SHARED_PREFIX)) {
    it(`${taskId}: the two attempts share ${shared} real action(s), then branch`, async () => {
      const runs = await allRuns(taskId);
      // The tree of both attempts (structure only: the interrupted one has no label).
      const tree = buildTree(taskId, runs, 1.96);
      let node: TreeNode = tree.root;
      for (let depth = 0; depth < shared; depth++) {
        assert.equal(node.children.length, 1, `one shared action at step ${depth + 1}`);
        node = node.children[0] as TreeNode;
        assert.equal(node.visits, 2);
      }
      assert.equal(node.children.length, 2, 'the attempts branch here');
      assert.ok(node.children.every((child) => child.visits === 1));
      // The tool-call ids differ between attempts (toolu_… and tooluse_…): only the action counts.
      const [a, b] = runs;
      assert.ok(a && b);
      const promptA = promptOfTurn(turnSource(a), shared + 1);
      const promptB = promptOfTurn(turnSource(b), shared + 1);
      assert.ok(promptA && promptB, 'the prompt of the branching step rebuilds for both');
      assert.equal(promptA.length, promptB.length);
      assert.deepEqual(promptA.slice(0, 2), promptB.slice(0, 2), 'same system prompt and task');
    });
  }

  it('rebuilds the prompt of each attempt\'s last call exactly as OpenHands sent it', async () => {
    const text = (content: unknown): string => {
      if (typeof content === 'string') return content;
      if (Array.isArray(content)) return content.map((part: { text?: string }) => part.text ?? '').join('');
      return '';
    };
    let checked = 0;
    for (const refs of set.tasks.values()) {
      const { runs } = await new RunLoader(importer).load(refs, (run) => run);
      for (const { ref, trajectory } of runs) {
        const raw = JSON.parse(readFileSync(ref.file, 'utf8')) as { messages: { role: string; content: unknown; tool_call_id?: string }[] };
        const turns = turnsByStep(trajectory.events);
        const prompt = promptOfTurn({ turns, parent: null }, Math.max(...turns.keys()));
        assert.ok(prompt, ref.file);
        assert.deepEqual(prompt.map((m) => m.role), raw.messages.map((m) => m.role), ref.file);
        assert.deepEqual(prompt.map((m) => m.content ?? ''), raw.messages.map((m) => text(m.content)), ref.file);
        checked++;
      }
    }
    assert.equal(checked, 21);
  });

  it('filters the interrupted attempts as unknown outcomes and finds no key action in 1-run nodes', async () => {
    const config = defaultAlignConfig();
    let unknown = 0;
    let keyActions = 0;
    for await (const analysis of analyzeTasks(set, { config, importer })) {
      unknown += analysis.filtered['unknown-outcome'];
      keyActions += analysis.keyActions.length;
    }
    assert.equal(unknown, 3);
    assert.equal(keyActions, 0);
  });

  it('computes the published resolve rate', async () => {
    const stats = await collectStats(set, { importer });
    assert.equal(stats.runs, 21);
    assert.equal(stats.tasks, 18);
    assert.equal(stats.labelled_runs, 18);
    assert.equal(stats.resolved_runs, 7);
    assert.equal(stats.resolved_rate, 0.3889);
    assert.equal(stats.empty_patch_rate, null, 'completion logs record no patch');
  });
});
