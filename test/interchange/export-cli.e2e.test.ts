// `crux export` end to end with the real CLI bundle: ATIF and the HF dataset (JSONL, Parquet,
// dataset card) from a folder of runs, KTO and stepwise rows from their trees, each checked
// against its published shape; and SFT rows with tools and error masking.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import type { KtoRecord } from '../../src/align/kto';
import type { SftRecord } from '../../src/align/sft';
import type { StepwiseRecord } from '../../src/align/stepwise';
import { runCli } from '../support/cli';
import { knownTask, read, run, runs, writeRuns } from '../align/synthetic';
import { atifErrors, schemaErrors } from './shapes';

const lines = <T>(file: string): T[] => readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as T);

describe('crux export (end to end)', function () {
  this.timeout(120_000);
  let dir: string;
  let runsDir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'crux-export-'));
    runsDir = join(dir, 'runs');
    writeRuns(runsDir, [
      ...knownTask(),
      // A success whose second step was an invalid call: kept in the SFT context, out of the loss.
      { runId: 'masked', taskId: 'other', steps: [run('ls'), { ...read('b.py'), invalid: true }, read('b.py')], resolved: true },
      ...runs('other', 'o', 2, [run('ls')], false),
    ]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves runs recorded with consent "local" out of ATIF and HF unless asked', async () => {
    const out = join(dir, 'atif-none');
    const result = await runCli(['export', runsDir, '--format', 'atif', '--out', out]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /11 runs recorded with consent "local" left out \(--include-local exports them\)/);
  });

  it('writes ATIF v1.7 documents, one per run, that import back', async () => {
    const out = join(dir, 'atif');
    const result = await runCli(['export', runsDir, '--format', 'atif', '--out', out, '--include-local']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const files = readdirSync(out).sort();
    assert.equal(files.length, 11);
    for (const file of files) assert.deepEqual(atifErrors(JSON.parse(readFileSync(join(out, file), 'utf8'))), [], file);
    const back = join(dir, 'back');
    const imported = await runCli(['import', out, '--out', back]);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    assert.match(imported.stdout, /imported 11 run\(s\) from 11 file\(s\)/);
    const pairs = await runCli(['pairs', back, '--out', join(dir, 'pairs-from-atif.jsonl')]);
    assert.match(pairs.stdout, /wrote 1 pair to/);
  });

  it('imports an ATIF file of another agent with --from atif', async () => {
    const out = join(dir, 'imported');
    const result = await runCli(['import', join(__dirname, 'fixtures', 'atif-harbor-shape.json'), '--from', 'atif', '--out', out]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /\(atif, 4 actions\)/);
    const shown = await runCli(['show', join(out, readdirSync(out)[0] as string)]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /str_replace_editor/);
  });

  it('writes the HF dataset: the same rows in JSONL and Parquet, and a dataset card with counts', async () => {
    const out = join(dir, 'hf');
    const result = await runCli(['export', runsDir, '--format', 'hf', '--out', out, '--include-local']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const rows = lines<Record<string, unknown>>(join(out, 'data', 'train.jsonl'));
    assert.equal(rows.length, 11);
    for (const row of rows) assert.deepEqual(schemaErrors('hf-trajectory-row', row), []);
    const buffer = readFileSync(join(out, 'data', 'train-00000-of-00001.parquet'));
    const parquet = await parquetReadObjects({ file: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) });
    assert.equal(parquet.length, 11);
    // hyparquet reads a null list as absent (pyarrow reads None; the train suite checks that).
    const plain = JSON.parse(JSON.stringify(parquet, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value))) as { messages: Record<string, unknown>[] }[];
    for (const row of plain) for (const message of row.messages) message.tool_calls ??= null;
    assert.deepEqual(plain, rows);
    const card = readFileSync(join(out, 'README.md'), 'utf8');
    assert.match(card, /num_examples: 11/);
    assert.match(card, /11 runs of 2 tasks, \d+ messages in all: 5 resolved, 6 not resolved, 0 without a label/);
  });

  it('writes KTO rows labelled from node values and their intervals', async () => {
    const out = join(dir, 'kto.jsonl');
    const result = await runCli(['export', runsDir, '--format', 'kto', '--out', out]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /wrote 2 KTO rows \(1 desirable, 1 undesirable\)/);
    const rows = lines<KtoRecord>(out);
    for (const row of rows) assert.deepEqual(schemaErrors('trl-kto', row), []);
    const good = rows.find((row) => row.label);
    assert.equal(good?.metadata.step, 3);
    assert.ok((good?.metadata.interval[0] ?? 0) > (good?.metadata.decision_value ?? 1));
    assert.equal(good?.completion[0]?.role, 'assistant');
    assert.ok(Array.isArray(good?.tools));
  });

  it('writes stepwise rows whose labels mark the worse side of key actions', async () => {
    const out = join(dir, 'stepwise.jsonl');
    const result = await runCli(['export', runsDir, '--format', 'stepwise', '--out', out]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const rows = lines<StepwiseRecord>(out);
    assert.equal(rows.length, 8);
    for (const row of rows) assert.deepEqual(schemaErrors('trl-stepwise', row), []);
    const bad = rows.find((row) => row.metadata.run === 'bad0');
    assert.deepEqual(bad?.labels, [true, true, false, true]);
    assert.match(bad?.completions[2] ?? '', /^run_command \{"command":"pytest"\}$/);
  });

  it('SFT rows carry tools and mask failed tool steps with weight 0', async () => {
    const out = join(dir, 'sft.jsonl');
    const result = await runCli(['sft', runsDir, '--out', out]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const rows = lines<SftRecord>(out);
    for (const row of rows) assert.deepEqual(schemaErrors('trl-sft', row), []);
    const masked = rows.find((row) => row.metadata.run === 'masked');
    const weights = masked?.messages.filter((message) => message.role === 'assistant').map((message) => (message as { weight?: number }).weight);
    assert.deepEqual(weights, [1, 0, 1]);
    assert.ok(Array.isArray(masked?.tools) && masked.tools.length > 0);
  });
});

describe('crux export: a branch whose parent is not there', function () {
  this.timeout(60_000);
  it('reports the branch and exports the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crux-export-branch-'));
    try {
      writeRuns(join(dir, 'runs'), [
        ...runs('t', 'r', 1, [run('ls'), read('a.py')], true),
        { runId: 'orphan', taskId: 't', steps: [run('ls'), read('b.py')], resolved: false, parent: { runId: 'gone', step: 1 }, firstStep: 2 },
      ]);
      const result = await runCli(['export', join(dir, 'runs'), '--format', 'hf', '--out', join(dir, 'hf'), '--include-local']);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /orphan|gone/);
      assert.match(result.stdout, /wrote 1 run as a Hugging Face dataset/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
