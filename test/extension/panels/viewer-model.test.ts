// What the viewer is sent for a run: every action with its calls, observations, edits and
// notes; long texts cut head and tail; the page's validator accepts it, for Crux runs and
// imported ones alike.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { isViewerRun } from '../../../src/protocol';
import { loadRuns } from '../../../src/trajectory/import';
import { callTitle, cutMiddle, noteOf, OBSERVATION_LIMIT, viewerRunOf } from '../../../extension/panels/viewer/viewer-model';
import { longTrajectory } from '../../support/long-trajectory';

const EVAL_DATA = '/work/shared/eval-data';

describe('viewer: the run as the page draws it', () => {
  it('lists every action with its calls, observations, edits and warnings', () => {
    const trajectory = longTrajectory(500);
    const view = viewerRunOf(trajectory, 'crux');
    assert.ok(isViewerRun(view), 'the page accepts it');
    assert.equal(view.actions.length, 500);
    assert.deepEqual(view.actions.map((action) => action.step).slice(0, 3), [1, 2, 3]);
    const edit = view.actions[4];
    assert.equal(edit?.calls[0]?.name, 'edit_file');
    assert.equal(edit?.calls[0]?.title, 'src/module5.py');
    assert.match(edit?.calls[0]?.edit?.diff ?? '', /^\+ {4}x = 5$/m);
    const command = view.actions[0]?.calls[0];
    assert.equal(command?.title, 'pytest tests/test_1.py -x');
    assert.equal(command?.observation?.exitCode, 1);
    assert.equal(command?.observation?.isError, true);
    assert.equal(view.actions[96]?.calls[0]?.valid, false, 'step 97 is an invalid call');
    const warned = view.actions[249];
    assert.deepEqual(warned?.notes.map((note) => note.kind), ['warning', 'nudge']);
    assert.match(warned?.notes[0]?.title ?? '', /Loop warning: repeated-error \(steps 242–250\)/);
    assert.equal(view.outcome?.end, 'step-limit');
    assert.equal(view.outcome?.resolved, false);
    assert.equal(view.outcome?.test?.command, 'pytest');
  });

  it('cuts long observations in the middle, keeping the end where errors are', () => {
    const long = `${'a'.repeat(30_000)}\nFAILED at the end`;
    const cut = cutMiddle(long, OBSERVATION_LIMIT);
    assert.ok(cut.text.length < OBSERVATION_LIMIT + 100);
    assert.equal(cut.hidden, long.length - OBSERVATION_LIMIT);
    assert.match(cut.text, /characters not shown/);
    assert.match(cut.text, /FAILED at the end$/);
    assert.deepEqual(cutMiddle('short', 10), { text: 'short', hidden: 0 });
    const trajectory = longTrajectory(1);
    const observation = trajectory.events.find((event) => event.type === 'observation');
    if (observation?.type === 'observation') observation.output = long;
    const shown = viewerRunOf(trajectory, 'crux').actions[0]?.calls[0]?.observation;
    assert.equal(shown?.hiddenChars, long.length - OBSERVATION_LIMIT);
  });

  it('titles a call by its command, else its path, else its arguments', () => {
    assert.equal(callTitle('bash', { command: 'ls  -la\n' }, ''), 'ls -la');
    assert.equal(callTitle('str_replace_editor', { command: 'view', path: '/repo/a.py' }, ''), '/repo/a.py');
    assert.equal(callTitle('finish', { summary: 'done' }, '{"summary":"done"}'), '{"summary":"done"}');
    assert.equal(callTitle('x', null, 'not json'), 'not json');
  });

  it('makes notes of messages, recoveries and errors, not of calls', () => {
    const base = { kind: 'event' as const, seq: 1, t: null, step: 1 };
    assert.deepEqual(noteOf({ ...base, type: 'user-message', text: 'hi', source: 'user' }), { kind: 'message', title: 'User', text: 'hi' });
    assert.equal(noteOf({ ...base, type: 'recovery', findingId: 'f', action: 'rollback', decidedBy: 'user', checkpointId: 'c', toStep: 3 })?.text, 'Chosen by the user, back to step 3.');
    assert.equal(noteOf({ ...base, type: 'error', message: 'boom', fatal: true })?.title, 'Fatal error');
    assert.deepEqual(noteOf({ ...base, type: 'rules-added', callId: 'c7', path: 'pkg/AGENTS.md', folder: 'pkg', chars: 3, truncated: false, sha256: 'h' }), {
      kind: 'message', title: 'Project rules given', text: 'pkg/AGENTS.md applies to pkg/; its text came with the result of call c7.',
    });
    assert.equal(noteOf({ ...base, type: 'approval', callId: 'c', decidedBy: 'user', approved: false, reason: null }), null);
  });

  it('shows runs of other agents the importers read', async function () {
    const trajs = join(EVAL_DATA, 'mini-swe-agent-1.15.0__gemini-3-pro-preview__swebench-verified-50', 'trajs', 'astropy__astropy-13033.traj.json');
    const { runs, errors } = await loadRuns([trajs]);
    if (runs.length === 0 && errors.length > 0 && errors[0]?.error.includes('ENOENT')) this.skip();
    const run = runs[0];
    assert.ok(run);
    const view = viewerRunOf(run.trajectory, run.format);
    assert.ok(isViewerRun(view));
    assert.equal(view.header.agent, 'mini-swe-agent');
    assert.ok(view.actions.length > 5);
    assert.ok(view.actions.some((action) => action.calls.some((call) => call.observation !== null)));
  });
});
