// `crux import` and `crux show` end to end, through the real CLI bundle.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionsOf } from '../../src/trajectory/actions';
import { parseTrajectory } from '../../src/trajectory/jsonl';
import { runCli } from '../support/cli';

const evalData = join(__dirname, '..', '..', '..', 'shared', 'eval-data');
const MINI = join(evalData, 'mini-swe-agent-1.15.0__gemini-3-pro-preview__swebench-verified-50');
const SWE_AGENT = join(evalData, 'swe-agent__repo-fixtures');

const SAMPLE = {
  trajectory_format: 'mini-swe-agent-1', instance_id: 'calc__calc-1',
  info: { exit_status: 'Submitted', submission: 'diff --git a/calc.js b/calc.js\n--- a/calc.js\n+++ b/calc.js\n@@ -1 +1 @@\n-a - b\n+a + b\n' },
  messages: [
    { role: 'system', content: 'You run bash.' }, { role: 'user', content: 'add() subtracts; fix it.' },
    { role: 'assistant', content: 'THOUGHT: Look at the code first.\n\n```bash\ncat calc.js\n```' },
    { role: 'user', content: '<returncode>0</returncode>\n<output>\nfunction add(a, b) {\n  return a - b;\n}\n</output>' },
    { role: 'assistant', content: 'THOUGHT: Fix and submit.\n\n```bash\nsed -i s/a - b/a + b/ calc.js && echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT\n```' },
    { role: 'user', content: 'diff --git a/calc.js b/calc.js' },
  ],
};

describe('crux import and crux show (end to end)', function () {
  this.timeout(120_000);
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'crux-import-cli-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  const outputs = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.jsonl')).map((name) => join(dir, name));

  it('writes one Crux trajectory per run, reports bad files and exits 1 when one failed', async () => {
    const input = join(scratch, 'in');
    const out = join(scratch, 'out');
    mkdirSync(input);
    writeFileSync(join(input, 'calc.traj.json'), JSON.stringify(SAMPLE));
    writeFileSync(join(input, 'broken.traj.json'), '{"messages": [');
    writeFileSync(join(input, 'notes.json'), JSON.stringify({ owner: 'me' }));
    const result = await runCli(['import', input, '--out', out]);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /broken\.traj\.json: not valid JSON/);
    assert.doesNotMatch(result.stderr, /notes\.json/);
    assert.match(result.stdout, /calc\.traj\.json \(mini-swe-agent, 2 actions\) -> /);
    assert.match(result.stdout, /imported 1 run\(s\) from 1 file\(s\) into .*; 1 file\(s\) failed/);
    const [file] = outputs(out);
    assert.match(file ?? '', /calc__calc-1\.mini-swe-agent\.[0-9a-f]{8}\.jsonl$/);
    const trajectory = parseTrajectory(readFileSync(file as string, 'utf8'));
    assert.deepEqual([trajectory.header.consent, trajectory.header.source.agent, actionsOf(trajectory).length], ['local', 'mini-swe-agent', 2]);

    const shown = await runCli(['show', file as string, '--width', '80']);
    assert.equal(shown.code, 0, shown.stderr);
    const lines = shown.stdout.trimEnd().split('\n');
    assert.ok(lines.every((line) => line.length <= 80), 'every line fits the width');
    assert.match(shown.stdout, /^task {6}calc__calc-1: add\(\) subtracts; fix it\.$/m);
    assert.match(shown.stdout, /^#1 {2}THOUGHT: Look at the code first\. ```bash cat calc\.js ```$/m);
    assert.match(shown.stdout, /^ {4}bash {2}cat calc\.js$/m);
    assert.match(shown.stdout, /^ {6}-> \[exit 0\] function add\(a, b\) \{$/m);
    assert.match(shown.stdout, /^outcome {3}finished: mini-swe-agent exit status: Submitted$/m);
    assert.match(shown.stdout, /resolved: unknown · patch: 1 file, \+1 -1/);
  });

  it('rejects an unknown --from and a label file without labels (exit 2)', async () => {
    const bad = await runCli(['import', scratch, '--out', join(scratch, 'o'), '--from', 'nope']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /must be one of auto, crux, swe-agent/);
    writeFileSync(join(scratch, 'labels.json'), '[]');
    const labels = await runCli(['import', scratch, '--out', join(scratch, 'o'), '--labels', join(scratch, 'labels.json')]);
    assert.equal(labels.code, 2);
    assert.match(labels.stderr, /holds no outcome labels/);
  });

  it('shows any loadable format and fails clearly on a file that is not a run', async () => {
    writeFileSync(join(scratch, 'calc.traj.json'), JSON.stringify(SAMPLE));
    const shown = await runCli(['show', join(scratch, 'calc.traj.json'), '--diff']);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^ {2}\+a \+ b$/m);
    writeFileSync(join(scratch, 'x.json'), '{"a": 1}');
    const failed = await runCli(['show', join(scratch, 'x.json')]);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /x\.json: not a run in a known format/);
  });

  describe('on the eval-data set', () => {
    before(function () {
      if (existsSync(evalData)) return;
      console.log(`    (skipped: the eval-data set is not at ${evalData})`);
      this.skip();
    });

    it('imports mini-swe-agent runs with the sb-cli report as labels, and SWE-agent runs', async () => {
      const out = join(scratch, 'out');
      const result = await runCli(['import', join(MINI, 'trajs'), SWE_AGENT, '--labels', join(MINI, 'sb-cli-report.json'), '--out', out, '--quiet']);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /imported 29 run\(s\) from 29 file\(s\)/);
      const runs = outputs(out).map((file) => parseTrajectory(readFileSync(file, 'utf8')));
      const byTask = new Map(runs.map((run) => [run.header.task.id, run]));
      assert.equal(byTask.get('django__django-11163')?.outcome?.resolved, true);
      assert.equal(byTask.get('django__django-11138')?.outcome?.resolved, false);
      assert.equal(actionsOf(byTask.get('django__django-11138') as never).length, 115);
    });

    it('shows an OpenHands completion log with its real tool names', async () => {
      const folder = join(evalData, 'openhands__CodeActAgent__claude-3-5-sonnet-20241022__swebench-verified-50', 'llm_completions_last_per_attempt', 'django__django-11163');
      const [name] = readdirSync(folder);
      const shown = await runCli(['show', join(folder, name as string), '--width', '100']);
      assert.equal(shown.code, 0, shown.stderr);
      assert.match(shown.stdout, /^ {4}str_replace_editor \{"command": "view"/m);
      assert.match(shown.stdout, /^ {4}execute_bash {2}cd \/workspace\/django__django__3\.0 && ls -la$/m);
      assert.match(shown.stdout, /^#20 /m);
      assert.match(shown.stdout, /^ {4}finish \{\}$/m);
    });
  });
});
