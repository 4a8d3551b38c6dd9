// The model check against a real llama-server (the real-engine tier): a tiny random-weight
// Qwen2 model, so its verdict is noise, but the JSON-schema response format is compiled into a
// grammar by the server, so the noise must still parse as a verdict. Skips with a message when
// llama-server has not been built (npm run setup).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_CHECK, ModelCheck, postJson, parseVerdict, VERDICT_SCHEMA } from '../../src/watch/model-check';
import { LlamaServerMissingError, llamaServerBinary, startLlamaServer, vocabGguf, writeTinyModel, type LlamaServer } from '../support/llama-server';

describe('loop watch: the model check on a real llama-server', function () {
  this.timeout(180_000);
  let server: LlamaServer | undefined;
  let dir: string | undefined;

  before(async function () {
    try {
      llamaServerBinary();
      const vocab = vocabGguf('qwen2');
      dir = mkdtempSync(join(tmpdir(), 'crux-judge-'));
      const model = writeTinyModel(join(dir, 'tiny.gguf'), { vocabGguf: vocab, contextLength: 2048 });
      server = await startLlamaServer({ model: model.path, ctx: 2048, alias: 'tiny' });
    } catch (error) {
      if (!(error instanceof LlamaServerMissingError)) throw error;
      console.log(`    (skipped: ${error.message})`);
      this.skip();
    }
  });
  after(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gets a parseable verdict from random weights through the schema grammar', async () => {
    const url = server?.baseUrl ?? '';
    const check = new ModelCheck({ ...DEFAULT_MODEL_CHECK, url, model: 'tiny', afterTurns: 1, everyTurns: 1, window: 4, timeoutMs: 120_000 });
    for (let step = 1; step <= 4; step++) check.record({ step, action: 'run_command `pytest`', result: 'exit 1: FAILED test_a.py::test_add' });
    // Whatever the noise says, the check returns a graded hit or nothing; it does not throw.
    const hit = await check.check(4);
    assert.ok(hit === null || (hit.kind === 'model-check' && hit.severity === 'warning'), JSON.stringify(hit));
    // The raw reply is JSON of the schema's shape.
    const raw = await postJson(`${url}/chat/completions`, {
      model: 'tiny', stream: false, temperature: 0, max_tokens: 256,
      messages: [{ role: 'user', content: 'Is the agent looping?' }],
      response_format: { type: 'json_schema', json_schema: { name: 'loop_check', strict: true, schema: VERDICT_SCHEMA } },
    }, 120_000);
    const verdict = parseVerdict(raw);
    assert.equal(typeof verdict.looping, 'boolean');
    assert.ok(verdict.confidence >= 0 && verdict.confidence <= 1);
  });
});
