// `crux tree`, `crux pairs`, `crux sft` and `crux stats` end to end: the real CLI bundle on a
// folder of Crux trajectory files.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PairRecord } from '../../src/align/pairs';
import type { SftRecord } from '../../src/align/sft';
import type { TaskTreeJson } from '../../src/align/tree-view';
import { runCli } from '../support/cli';
import { knownTask, read, run, runs, writeRuns } from './synthetic';

describe('crux tree / pairs / sft / stats (end to end)', function () {
  this.timeout(120_000);
  let dir: string;
  let runsDir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'crux-align-cli-'));
    runsDir = join(dir, 'runs');
    writeRuns(runsDir, [
      ...knownTask(),
      ...runs('other', 'o', 3, [run('ls'), read('b.py')], true, { emptyPatch: true }),
      { runId: 'unlabelled', taskId: 'other', steps: [run('ls')], resolved: null },
      { runId: 'bad-call', taskId: 'other', steps: [{ ...run('rm -rf'), invalid: true }], resolved: false },
    ], (spec) => spec.taskId);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the pairs of the key action and reports the filters', async () => {
    const out = join(dir, 'pairs.jsonl');
    const result = await runCli(['pairs', runsDir, '--out', out]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /13 runs of 2 tasks; 12 kept \(filtered: unknown-outcome 1\)/);
    assert.match(result.stdout, /1 key action \(/);
    assert.match(result.stdout, /wrote 1 pair to/);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as PairRecord);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.metadata.task, 'fix');
    assert.deepEqual(Object.keys(lines[0] ?? {}).sort(), ['chosen', 'metadata', 'prompt', 'rejected', 'tools']);
  });

  it('writes the same file with worker threads (--jobs), from the bundle', async () => {
    const one = join(dir, 'pairs-jobs0.jsonl');
    const two = join(dir, 'pairs-jobs2.jsonl');
    assert.equal((await runCli(['pairs', runsDir, '--out', one, '--jobs', '0'])).code, 0);
    const result = await runCli(['pairs', runsDir, '--out', two, '--jobs', '2']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(two, 'utf8'), readFileSync(one, 'utf8'));
    const stats = await runCli(['stats', runsDir, '--json', '--jobs', '2']);
    assert.equal(stats.code, 0, stats.stderr);
    assert.equal((JSON.parse(stats.stdout) as { runs: number }).runs, 13);
  });

  it('honours --min-visits and --min-gap', async () => {
    const out = join(dir, 'none.jsonl');
    const result = await runCli(['pairs', runsDir, '--out', out, '--min-visits', '5', '--min-gap', '0.5']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /wrote 0 pairs/);
    assert.equal(readFileSync(out, 'utf8'), '');
    const bad = await runCli(['pairs', runsDir, '--out', out, '--min-gap', '2']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--min-gap takes a number from 0 to 1/);
  });

  it('writes the successful runs as transcripts', async () => {
    const out = join(dir, 'sft.jsonl');
    const result = await runCli(['sft', runsDir, '--out', out, '--arguments', 'string', '--tools', 'string']);
    assert.equal(result.code, 0, result.stderr);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as SftRecord);
    assert.equal(records.length, 7);
    for (const record of records) {
      assert.equal(record.messages[0]?.role, 'system');
      assert.equal(record.messages.at(-1)?.role, 'assistant');
      assert.equal(typeof record.tools, 'string');
    }
  });

  it('prints the tree as text, JSON and DOT', async () => {
    const text = await runCli(['tree', runsDir, '--task', 'fix']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /★ \[2\] read_file a\.py/);
    assert.match(text.stdout, /▲ \[3\] edit_file a\.py/);
    assert.match(text.stdout, /▼ \[3\] run_command pytest/);
    const json = await runCli(['tree', runsDir, '--format', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout) as { tasks: TaskTreeJson[]; summary: { runs: number } };
    assert.deepEqual(parsed.tasks.map((t) => t.task).sort(), ['fix', 'other']);
    assert.equal(parsed.summary.runs, 13);
    const dot = await runCli(['tree', runsDir, '--format', 'dot', '--task', 'fix']);
    assert.equal(dot.code, 0, dot.stderr);
    assert.match(dot.stdout, /^digraph crux \{/);
    assert.match(dot.stdout, /->/);
    const missing = await runCli(['tree', runsDir, '--task', 'nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no runs of nope/);
  });

  it('prints the run metrics, as text and as one JSON object', async () => {
    const json = await runCli(['stats', runsDir, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const stats = JSON.parse(json.stdout) as Record<string, unknown>;
    assert.equal(stats.runs, 13);
    assert.equal(stats.tasks, 2);
    assert.equal(stats.resolved_rate, Number((7 / 12).toFixed(4)));
    assert.equal(stats.empty_patch_rate, Number((3 / 13).toFixed(4)));
    assert.equal(stats.invalid_call_rate, Number((1 / 40).toFixed(4)));
    assert.ok('stuck_rate' in stats);
    const text = await runCli(['stats', runsDir]);
    assert.match(text.stdout, /resolved +58\.3%/);
  });

  it('fails clearly on a missing folder and on a folder without runs', async () => {
    const missing = await runCli(['stats', join(dir, 'nope')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /does not exist/);
    const emptyDir = join(dir, 'empty');
    mkdirSync(emptyDir);
    const out = join(dir, 'empty.jsonl');
    const empty = await runCli(['pairs', emptyDir, '--out', out]);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /no runs found/);
    assert.ok(!existsSync(out), 'nothing is written when there is nothing to read');
  });
});
