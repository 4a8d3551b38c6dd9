import { strict as assert } from 'node:assert';
import { clineBaseline, rooBaseline } from '../../src/watch/baselines/consecutive';
import { openHandsBaseline } from '../../src/watch/baselines/openhands';
import { analyzeTrajectory } from '../../src/watch/offline';
import { read, run, RunBuilder } from './helpers';

const polling = () => {
  const runner = new RunBuilder();
  for (let i = 1; i <= 6; i++) runner.act([run('tail -n 1 build.log', `step ${i} of 9`)]);
  return runner.build();
};

describe('peer baselines, as documented', () => {
  it('Cline warns at the 3rd identical call in a row and escalates at the 5th', () => {
    const three = clineBaseline.analyze(new RunBuilder().repeat(3, [read('a', 'x')]).build());
    assert.deepEqual([three.loop, three.stuck, three.firstWarningStep, three.firstLoopAction], [true, false, 3, 1]);
    assert.equal(clineBaseline.analyze(new RunBuilder().repeat(5, [read('a', 'x')]).build()).stuck, true);
  });

  it('Roo blocks at the 4th identical call in a row (limit 3)', () => {
    assert.equal(rooBaseline.analyze(new RunBuilder().repeat(3, [read('a', 'x')]).build()).loop, false);
    const four = rooBaseline.analyze(new RunBuilder().repeat(4, [read('a', 'x')]).build());
    assert.deepEqual([four.loop, four.stuck, four.firstWarningStep], [true, true, 4]);
  });

  it('OpenHands fires on four identical action-observation pairs, and on an A-B alternation over six', () => {
    assert.equal(openHandsBaseline.analyze(new RunBuilder().repeat(3, [read('a', 'x')]).build()).stuck, false);
    assert.equal(openHandsBaseline.analyze(new RunBuilder().repeat(4, [read('a', 'x')]).build()).stuck, true);
    const alternation = new RunBuilder();
    for (let i = 0; i < 3; i++) alternation.act([read('a', 'A')]).act([read('b', 'B')]);
    assert.equal(openHandsBaseline.analyze(alternation.build()).stuck, true);
  });

  it('OpenHands fires on three identical actions that fail with a tool error', () => {
    const error = { name: 'str_replace_editor', args: { command: 'create', path: 'a' }, output: 'ERROR: exists', isError: true };
    assert.equal(openHandsBaseline.analyze(new RunBuilder().act([read('x', 'y')]).repeat(3, [error]).build()).stuck, true);
  });

  it('OpenHands and Cline flag polling a command whose output changes; Crux does not', () => {
    assert.equal(openHandsBaseline.analyze(polling()).stuck, true, 'OpenHands compares commands by command and exit code only');
    assert.equal(clineBaseline.analyze(polling()).loop, true);
    assert.equal(rooBaseline.analyze(polling()).loop, true);
    const crux = analyzeTrajectory(polling());
    assert.deepEqual([crux.loop, crux.stuck], [false, false]);
  });

  it('none of the peers sees an edit → same failing test loop; Crux does', () => {
    const runner = new RunBuilder();
    for (let i = 0; i < 5; i++) {
      runner.act([{ name: 'edit_file', args: { path: 'a.py', old_string: `${i}`, new_string: `${i + 1}` }, output: 'edited' }])
        .act([run('pytest', 'FAILED test_a - assert 1 == 2', 1)]);
    }
    const trajectory = runner.build();
    for (const baseline of [openHandsBaseline, clineBaseline, rooBaseline]) assert.equal(baseline.analyze(trajectory).loop, false, baseline.name);
    assert.equal(analyzeTrajectory(trajectory).stuck, true);
  });
});
