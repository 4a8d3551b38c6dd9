// `crux train` without a training environment, and with bad input: clear errors, exit code 2.
// (Training itself runs in npm run test:train.)
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

describe('crux train (errors)', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'crux-train-cli-'));
    writeFileSync(join(dir, 'sft.jsonl'), '{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"ok"}]}\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('says how to get a training environment when there is none', async () => {
    const result = await runCli(['train', 'sft', '--data', join(dir, 'sft.jsonl'), '--model', 'm', '--out', join(dir, 'out')],
      { CRUX_TRAIN_PYTHON: '', CRUX_TRAIN_VENV_ROOT: join(dir, 'no-venvs') });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no training environment: run scripts\/setup-train-venv\.sh .*or set CRUX_TRAIN_PYTHON/);
  });

  it('rejects an unknown kind and a missing data file', async () => {
    const kind = await runCli(['train', 'ppo', '--data', join(dir, 'sft.jsonl'), '--model', 'm', '--out', join(dir, 'out')]);
    assert.equal(kind.code, 2);
    assert.match(kind.stderr, /must be one of sft, dpo, kto/);
    const missing = await runCli(['train', 'sft', '--data', join(dir, 'nope.jsonl'), '--model', 'm', '--out', join(dir, 'out')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.jsonl does not exist/);
  });

  it('reports a Python that cannot be started', async () => {
    const result = await runCli(['train', 'sft', '--data', join(dir, 'sft.jsonl'), '--model', 'm', '--out', join(dir, 'out')],
      { CRUX_TRAIN_PYTHON: join(dir, 'no-python') });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot run .*no-python/);
  });
});
