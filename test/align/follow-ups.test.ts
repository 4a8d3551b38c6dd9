// Continuations in the SEAlign pipeline: runs that continued the same run meet at its last node;
// a pair is made between them only when they answered the same follow-up (else their next
// actions were not taken in the same state).
import { strict as assert } from 'node:assert';
import { defaultAlignConfig } from '../../src/align/config';
import { findKeyActions } from '../../src/align/key-actions';
import { DEFAULT_EXPORT_OPTIONS, pairsOfKeyAction } from '../../src/align/pairs';
import { analyzeTask } from '../../src/align/pipeline';
import { CRUX_FORMAT, refOf } from '../../src/align/source';
import { makeTrajectory, read, run, type RunSpec } from './synthetic';

function continuation(runId: string, followUp: string, third: ReturnType<typeof run>, resolved: boolean) {
  const spec: RunSpec = { runId, taskId: 'chat', steps: [read('a.py'), run('ls'), third], resolved, parent: { runId: 'parent', step: 2 }, firstStep: 3 };
  const trajectory = makeTrajectory(spec);
  const first = trajectory.events[0];
  assert.ok(first?.type === 'model-turn');
  first.newMessages.push({ role: 'user', content: followUp });
  return { ref: refOf(trajectory.header, `${runId}.jsonl`, 0, CRUX_FORMAT), trajectory };
}

async function analyse(followUps: [string, string]) {
  const parent = makeTrajectory({ runId: 'parent', taskId: 'chat', steps: [read('a.py'), run('ls')], resolved: false });
  const loaded = [{ ref: refOf(parent.header, 'parent.jsonl', 0, CRUX_FORMAT), trajectory: parent }];
  for (let i = 0; i < 4; i++) {
    loaded.push(continuation(`good-${i}`, followUps[0], run('pytest'), true));
    loaded.push(continuation(`bad-${i}`, followUps[1], run('rm -rf build'), false));
  }
  const config = defaultAlignConfig();
  const analysis = analyzeTask('chat', loaded, { config });
  assert.equal(analysis.kept.length, 9, 'no continuation is an orphan');
  const keys = findKeyActions(analysis.tree, config.significance);
  assert.equal(keys.length, 1);
  assert.equal(keys[0]?.node.step, 2, 'the decision point is the parent\'s last step');
  return pairsOfKeyAction(keys[0] as (typeof keys)[number], config.significance.z, DEFAULT_EXPORT_OPTIONS, null);
}

describe('align: continuations', () => {
  it('pairs the next actions of continuations that answered the same follow-up', async () => {
    const { pairs, problems } = await analyse(['Now run the tests.', 'Now run the tests.']);
    assert.deepEqual(problems, []);
    assert.equal(pairs.length, 1);
    assert.deepEqual(pairs[0]?.prompt.at(-1), { role: 'user', content: 'Now run the tests.' });
  });

  it('makes no pair between answers to different follow-ups, and says why', async () => {
    const { pairs, problems } = await analyse(['Now run the tests.', 'Now clean the build.']);
    assert.equal(pairs.length, 0);
    assert.match(problems.join('\n'), /answer different follow-ups/);
  });
});
