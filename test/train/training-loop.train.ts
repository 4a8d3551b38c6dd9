// The training loop on CPU with real TRL (npm run test:train; minutes, so not in npm test):
// Crux's SFT, DPO and KTO files go unchanged into `crux train` on a tiny random Qwen2 with the
// real Qwen2 tokenizer; losses must be finite and adapters saved; the merged SFT model converts
// to GGUF with llama.cpp's converter; the HF Parquet export reads back in pyarrow and datasets.
// Needs scripts/setup-train-venv.sh (run here) and scripts/build-llama-server.sh's cache (the
// server, the vocab GGUF and the converter), started through the real-engine tier's helper.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { createGitRepo, BUGGY_CALC } from '../support/git-fixture';
import { llamaServerDir, startLlamaServer } from '../support/llama-server';
import { knownTask, read, run, writeRuns } from '../align/synthetic';

const root = join(__dirname, '..', '..');
const llama = llamaServerDir();

describe('training loop on CPU (TRL + PEFT)', function () {
  this.timeout(900_000);
  let dir: string;
  let python: string;
  let model: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'crux-train-'));
    const venv = execFileSync('bash', [join(root, 'scripts', 'setup-train-venv.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop() as string;
    python = join(venv, 'bin', 'python');
    const vocab = join(llama, 'models', 'ggml-vocab-qwen2.gguf');
    assert.ok(existsSync(vocab), `${vocab} is missing: run scripts/build-llama-server.sh`);
    model = join(dir, 'tiny-qwen2');
    execFileSync(python, [join(root, 'train', 'make_tiny_model.py'), vocab, model], { stdio: 'ignore' });
    writeRuns(join(dir, 'runs'), [
      ...knownTask(),
      { runId: 'masked', taskId: 'other', steps: [run('ls'), { ...read('b.py'), invalid: true }, read('b.py')], resolved: true },
    ]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const env = () => ({ CRUX_TRAIN_PYTHON: python });

  for (const [kind, exportArgs] of [
    ['sft', ['sft']],
    ['dpo', ['pairs']],
    ['kto', ['export', '--format', 'kto']],
  ] as const) {
    it(`trains ${kind} on Crux's file unchanged: finite losses, adapter saved`, async () => {
      const data = join(dir, `${kind}.jsonl`);
      const exported = await runCli([...exportArgs, join(dir, 'runs'), '--out', data]);
      assert.equal(exported.code, 0, exported.stdout + exported.stderr);
      const out = join(dir, `out-${kind}`);
      const trained = await runCli(['train', kind, '--data', data, '--model', model, '--out', out, '--max-steps', '2', ...(kind === 'sft' ? ['--merge'] : [])], env(), 600_000);
      assert.equal(trained.code, 0, trained.stdout + trained.stderr);
      const result = JSON.parse(readFileSync(join(out, 'crux-train.json'), 'utf8')) as { losses: number[]; max_length: number };
      assert.equal(result.losses.length, 2);
      assert.ok(result.losses.every(Number.isFinite), String(result.losses));
      assert.ok(existsSync(join(out, 'adapter_model.safetensors')));
      assert.ok(result.max_length > 0);
    });
  }

  it('converts the merged SFT model to GGUF with llama.cpp\'s converter', () => {
    const converter = join(llama, 'convert', 'convert_hf_to_gguf.py');
    assert.ok(existsSync(converter), `${converter} is missing`);
    const gguf = join(dir, 'tiny-sft.gguf');
    execFileSync(python, [converter, join(dir, 'out-sft', 'merged'), '--outfile', gguf, '--outtype', 'f32'], {
      env: { ...process.env, PYTHONPATH: join(llama, 'convert', 'gguf-py') }, stdio: 'ignore',
    });
    assert.equal(readFileSync(gguf).subarray(0, 4).toString('latin1'), 'GGUF');
  });

  it('serves the trained model with llama-server, and crux run collects a new run from it', async () => {
    // Random weights write noise, so the run is given one step and a short reply: it must end
    // cleanly at the step limit (or on a reply without a tool call) with the turn recorded.
    const server = await startLlamaServer({ model: join(dir, 'tiny-sft.gguf'), jinja: true, alias: 'crux-tiny-sft', ctx: 8192, startTimeoutMs: 120_000 });
    const repo = createGitRepo(BUGGY_CALC);
    const config = join(dir, 'config');
    try {
      const consent = await runCli(['consent', 'local', '-w', repo.root], { CRUX_CONFIG_DIR: config });
      assert.equal(consent.code, 0, consent.stdout + consent.stderr);
      const ran = await runCli(['run', '-w', repo.root, '-t', 'The test fails. Fix calc.js.', '--model-url', server.baseUrl,
        '--max-steps', '1', '--max-tokens', '24', '-y'], { CRUX_CONFIG_DIR: config }, 300_000);
      assert.ok(ran.code === 0 || ran.code === 1, `crux run: ${ran.code}\n${ran.stdout}${ran.stderr}`);
      const store = join(repo.root, '.crux', 'trajectories');
      const files = readdirSync(store).filter((name) => name.endsWith('.jsonl') && name !== 'index.jsonl');
      assert.equal(files.length, 1);
      const records = readFileSync(join(store, files[0] as string), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { kind: string; type?: string; model?: { name: string } });
      assert.equal(records[0]?.model?.name, 'crux-tiny-sft');
      assert.ok(records.some((record) => record.type === 'model-turn'));
      assert.ok(records.some((record) => record.kind === 'outcome'));
      // The new run is data again: stats read it.
      const stats = await runCli(['stats', store, '--json']);
      assert.equal(stats.code, 0, stats.stderr);
      assert.equal((JSON.parse(stats.stdout) as { runs: number }).runs, 1);
    } finally {
      await server.stop();
      repo.remove();
    }
  });

  it('the HF Parquet export reads back in pyarrow and datasets', async () => {
    const out = join(dir, 'hf');
    const exported = await runCli(['export', join(dir, 'runs'), '--format', 'hf', '--out', out, '--include-local']);
    assert.equal(exported.code, 0, exported.stdout + exported.stderr);
    const script = [
      'import sys, json, pyarrow.parquet as pq, datasets',
      't = pq.read_table(sys.argv[1])',
      'd = datasets.load_dataset("parquet", data_files=sys.argv[1], split="train")',
      'rows = [json.loads(l) for l in open(sys.argv[2])]',
      'assert t.to_pylist() == rows, "parquet and jsonl differ"',
      'print(json.dumps({"rows": t.num_rows, "columns": t.column_names, "features": sorted(d.features)}))',
    ].join('\n');
    const printed = execFileSync(python, ['-c', script, join(out, 'data', 'train-00000-of-00001.parquet'), join(out, 'data', 'train.jsonl')], { encoding: 'utf8' });
    const summary = JSON.parse(printed.trim().split('\n').pop() as string) as { rows: number; columns: string[] };
    assert.equal(summary.rows, 9);
    assert.ok(summary.columns.includes('messages') && summary.columns.includes('resolved'));
  });
});
