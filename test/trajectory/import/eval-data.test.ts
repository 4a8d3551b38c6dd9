// Every run in the shared eval-data set imports, with the labelled number of actions and the
// right outcome, and survives a round trip through the JSONL writer and reader.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { actionsOf } from '../../../src/trajectory/actions';
import { parseTrajectory, serializeTrajectory } from '../../../src/trajectory/jsonl';
import { loadRuns, readOutcomeLabels, type LoadedRun } from '../../../src/trajectory/import';
import { evalDataDir, labelledActionCounts, manifestResolved, requireEvalData } from './helpers';

const MINI = 'mini-swe-agent-1.15.0__gemini-3-pro-preview__swebench-verified-50';
const OPENHANDS = 'openhands__CodeActAgent__claude-3-5-sonnet-20241022__swebench-verified-50';

describe('importing the eval-data set', function () {
  let runs: LoadedRun[] = [];

  before(async function () {
    requireEvalData(this);
    const loaded = await loadRuns([evalDataDir]);
    assert.deepEqual(loaded.errors, [], 'no file of the eval-data set should fail');
    runs = loaded.runs;
  });

  it('imports every labelled run file once, with the labelled number of actions', () => {
    const counts = labelledActionCounts();
    assert.ok(counts.size >= 75, `expected the labelled runs, found ${counts.size}`);
    for (const [file, expected] of counts) {
      const matching = runs.filter((run) => run.file === file);
      assert.equal(matching.length, 1, `${file} should import as exactly one run`);
      assert.equal(actionsOf((matching[0] as LoadedRun).trajectory).length, expected, `actions of ${file}`);
    }
  });

  it('imports the unlabelled OpenHands event streams too (one run per output.jsonl line)', () => {
    const fixtures = runs.filter((run) => run.file.includes('openhands__repo-fixtures'));
    assert.equal(fixtures.length, 9);
    assert.deepEqual(fixtures.filter((run) => run.file.endsWith('multi_swe_bench__examples__output.jsonl')).map((run) => run.index), [0, 1, 2]);
    for (const run of fixtures) assert.ok(actionsOf(run.trajectory).length > 0, `${run.file}#${run.index} has actions`);
  });

  it('recognises each dataset as its format and marks the source and consent', () => {
    const formatOf = (fragment: string) => new Set(runs.filter((run) => run.file.includes(fragment)).map((run) => run.format));
    assert.deepEqual(formatOf(`${MINI}/trajs/`), new Set(['mini-swe-agent']));
    assert.deepEqual(formatOf(`${OPENHANDS}/llm_completions`), new Set(['openhands-completions']));
    assert.deepEqual(formatOf('swe-agent__repo-fixtures'), new Set(['swe-agent']));
    assert.deepEqual(formatOf('openhands__repo-fixtures'), new Set(['openhands']));
    assert.deepEqual(formatOf('adp-sample__swe-gym'), new Set(['adp-swe-gym']));
    assert.deepEqual(formatOf('adp-sample__nebius'), new Set(['adp-nebius']));
    assert.deepEqual(formatOf('adp-sample__codeact'), new Set(['adp-codeact']));
    for (const run of runs) {
      assert.equal(run.trajectory.header.consent, 'local');
      assert.equal(run.trajectory.header.source.format, run.format);
      assert.ok(run.trajectory.header.source.file?.startsWith(run.file), run.file);
    }
  });

  it('uses the instance id as the task id', () => {
    const mini = runs.find((run) => run.file.endsWith(`${MINI}/trajs/django__django-11163.traj.json`));
    assert.equal(mini?.trajectory.header.task.id, 'django__django-11163');
    const completions = runs.filter((run) => run.file.includes(`${OPENHANDS}/llm_completions_last_per_attempt/astropy__astropy-8707/`));
    assert.deepEqual(completions.map((run) => run.trajectory.header.task.id), ['astropy__astropy-8707', 'astropy__astropy-8707']);
  });

  it('keeps the outcome flags the sources carry', () => {
    const expected = manifestResolved();
    const flagged = runs.filter((run) => /adp-sample__(swe-gym|nebius)/.test(run.file));
    assert.equal(flagged.length, 19);
    for (const run of flagged) assert.equal(run.trajectory.outcome?.resolved, expected.get(run.file), run.file);
    const submitted = runs.filter((run) => run.file.includes(`${MINI}/trajs/`));
    for (const run of submitted) {
      assert.equal(run.trajectory.outcome?.end, 'finished');
      assert.match(run.trajectory.outcome?.patch ?? '', /^diff --git/);
      assert.equal(run.trajectory.outcome?.emptyPatch, false);
    }
    const empty = runs.find((run) => run.file.includes('getmoto__moto-5321'));
    assert.equal(empty?.trajectory.outcome?.emptyPatch, true);
  });

  it('sets resolved from MANIFEST.json-style labels for every file that has one', async () => {
    const labels = await readOutcomeLabels([join(evalDataDir, 'MANIFEST.json'), join(evalDataDir, 'MANIFEST-extra.json')]);
    const labelled = await loadRuns([evalDataDir], { labels });
    const expected = manifestResolved();
    let checked = 0;
    for (const run of labelled.runs) {
      if (!expected.has(run.file) || run.file.endsWith('.jsonl')) continue;
      assert.equal(run.trajectory.outcome?.resolved, expected.get(run.file), run.file);
      checked++;
    }
    assert.ok(checked >= 75, `checked ${checked}`);
  });

  it('sets resolved from the sb-cli report and from output.swebench_eval.md', async () => {
    const expected = manifestResolved();
    const mini = await loadRuns([join(evalDataDir, MINI, 'trajs')], { labels: await readOutcomeLabels([join(evalDataDir, MINI, 'sb-cli-report.json')]) });
    assert.equal(mini.runs.length, 18);
    for (const run of mini.runs) assert.equal(run.trajectory.outcome?.resolved, expected.get(run.file), run.file);
    const openhands = await loadRuns([join(evalDataDir, OPENHANDS)], { labels: await readOutcomeLabels([join(evalDataDir, OPENHANDS, 'output.swebench_eval.md')]) });
    const finals = openhands.runs.filter((run) => run.file.includes('_final__'));
    assert.equal(finals.length, 18);
    for (const run of finals) assert.equal(run.trajectory.outcome?.resolved, expected.get(run.file), run.file);
  });

  it('survives a round trip through serializeTrajectory and parseTrajectory', () => {
    for (const run of runs) {
      const text = serializeTrajectory(run.trajectory);
      const back = parseTrajectory(text, run.file);
      assert.deepEqual(back.problems, [], run.file);
      assert.deepEqual(back.header, run.trajectory.header);
      assert.deepEqual(back.events, run.trajectory.events);
      assert.deepEqual(back.outcome, run.trajectory.outcome);
      assert.equal(actionsOf(back).length, actionsOf(run.trajectory).length);
    }
  });

  it('imports the same bytes to the same run id, and distinct runs to distinct ids', async () => {
    const again = await loadRuns([join(evalDataDir, MINI)]);
    const first = new Map(runs.map((run) => [`${run.file}#${run.index}`, run.trajectory.header.runId]));
    for (const run of again.runs) assert.equal(run.trajectory.header.runId, first.get(`${run.file}#${run.index}`));
    assert.equal(new Set(runs.map((run) => run.trajectory.header.runId)).size, runs.length);
  });
});
