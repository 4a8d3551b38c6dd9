// Data commands do the good inputs and still exit 1 when some input could not be read, so a
// script notices the loss.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { knownTask, writeRuns } from '../align/synthetic';

describe('data commands with some bad inputs (end to end)', function () {
  this.timeout(120_000);
  let dir: string;
  let runs: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'crux-bad-inputs-'));
    runs = join(dir, 'runs');
    writeRuns(runs, knownTask());
    writeFileSync(join(runs, 'broken.jsonl'), '{"kind": "header", this is not json\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('detect reports the good runs, names the bad file and exits 1', async () => {
    const result = await runCli(['detect', runs]);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /8 runs/);
    assert.match(result.stderr, /skipped .*broken\.jsonl/);
  });

  it('stats and tree print their figures for the good runs and exit 1', async () => {
    for (const command of ['stats', 'tree']) {
      const result = await runCli([command, runs]);
      assert.equal(result.code, 1, `${command}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, /broken\.jsonl/, command);
      assert.match(result.stderr, /1 input file could not be read/, command);
      assert.notEqual(result.stdout.trim(), '', command);
    }
  });

  it('pairs and sft write what the good runs give and exit 1', async () => {
    for (const [command, file] of [['pairs', 'pairs.jsonl'], ['sft', 'sft.jsonl']] as const) {
      const out = join(dir, file);
      const result = await runCli([command, runs, '--out', out]);
      assert.equal(result.code, 1, `${command}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, /1 input file could not be read/, command);
      assert.notEqual(readFileSync(out, 'utf8').trim(), '', `${command} wrote nothing`);
    }
  });

  it('all commands exit 0 when every input is good', async () => {
    rmSync(join(runs, 'broken.jsonl'));
    try {
      assert.equal((await runCli(['detect', runs])).code, 0);
      assert.equal((await runCli(['stats', runs])).code, 0);
    } finally {
      writeFileSync(join(runs, 'broken.jsonl'), '{"kind": "header", this is not json\n');
    }
  });
});
