// The real-engine tier: the real CLI bundle (`crux run`) against a real llama.cpp llama-server
// serving tiny random-weight models with Qwen2's real tokenizer and chat templates. Each suite
// starts its own server on a free loopback port and stops it after. The binary comes from
// `npm run setup` (scripts/build-llama-server.sh); without it this tier fails and says so.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCliBuilt, runCli, type CliResult } from '../support/cli';
import { createGitRepo, type GitFixture } from '../support/git-fixture';
import {
  HERMES_FINISH_GRAMMAR,
  QWEN25_TOOLS_TEMPLATE,
  llamaServerBinary,
  startLlamaServer,
  vocabGguf,
  writeFinishCallingModel,
  writeTinyModel,
  type LlamaServer,
} from '../support/llama-server';

const cliPath = join(__dirname, '..', '..', 'dist', 'cli.js');

describe('real engine: crux run against llama.cpp llama-server', function () {
  this.timeout(180_000);
  let dir: string;
  let vocab: string;
  let repo: GitFixture;
  let home: string;

  before(() => {
    llamaServerBinary(); // throws "run npm run setup" when the tier has no server
    vocab = vocabGguf('qwen2');
    dir = mkdtempSync(join(tmpdir(), 'crux-engine-'));
    home = mkdtempSync(join(tmpdir(), 'crux-engine-home-'));
    ensureCliBuilt();
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });
  beforeEach(() => {
    repo = createGitRepo({ 'README.md': '# a tiny repository\n' });
  });
  afterEach(() => repo.remove());

  const crux = (server: LlamaServer, ...args: string[]): Promise<CliResult> =>
    runCli(['run', '-w', repo.root, '-t', 'Say that you are done.', '--model-url', server.baseUrl, ...args], { HOME: home }, 120_000);

  describe('a chat template that carries tools (--jinja, Qwen2.5 template, 8,192-token context)', () => {
    let server: LlamaServer;
    before(async () => {
      const model = join(dir, 'finish-caller.gguf');
      writeFinishCallingModel(model, vocab);
      server = await startLlamaServer({ model, ctx: 8192, jinja: true, chatTemplate: QWEN25_TOOLS_TEMPLATE, alias: 'tiny-qwen2' });
    });
    after(() => server.stop());

    it('auto picks native tool calls, shows the learned window on its first line, and finishes', async () => {
      const result = await crux(server, '--no-record', '--loop-policy', 'warn');
      assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stdout, /crux: model tiny-qwen2 on llamacpp \(context 8,192 tokens\) at .*, tool format native, replies up to 2048 tokens/);
      // The summary's text is whatever the random weights sampled inside the call: not asserted.
      assert.match(result.stdout, /→ Finish the task\n {4}✓ Finished/);
      assert.match(result.stdout, /crux: finished in 1 steps without changing any file: /);
    });

    it('records what the server reported in the trajectory header', async () => {
      const consent = await runCli(['consent', 'local', '--workspace', repo.root], { HOME: home });
      assert.equal(consent.code, 0, consent.stdout + consent.stderr);
      const result = await crux(server, '--loop-policy', 'warn');
      assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
      const folder = join(repo.root, '.crux', 'trajectories');
      const file = readdirSync(folder).find((name) => name.endsWith('.jsonl') && name !== 'index.jsonl');
      assert.ok(file, `no run file in ${folder}`);
      const header = JSON.parse(readFileSync(join(folder, file), 'utf8').split('\n')[0] ?? '{}') as {
        model: { server?: { contextTokens?: number; trainedContextTokens?: number; templateTools?: boolean; sources: string[] } };
        sampling: { maxTokens?: number };
      };
      assert.deepEqual(header.model.server, { contextTokens: 8192, trainedContextTokens: 32768, templateTools: true, sources: ['/props', '/v1/models'] });
      assert.equal(header.sampling.maxTokens, 2048);
    });
  });

  describe('a chat template without tools (the vocabulary\'s own ChatML, --jinja, 2,048-token context)', () => {
    let server: LlamaServer;
    before(async () => {
      const model = join(dir, 'plain.gguf');
      writeTinyModel(model, { vocabGguf: vocab });
      server = await startLlamaServer({ model, ctx: 2048, jinja: true, grammar: HERMES_FINISH_GRAMMAR, alias: 'tiny-chatml' });
    });
    after(() => server.stop());

    it('auto does not pick native calls the model would never see; a second finish with no change after the nudge fails the run', async () => {
      // llama.cpp accepts `tools` here (the probe passes) but leaves them out of the prompt.
      const result = await crux(server, '--no-record');
      assert.match(result.stdout, /\(context 2,048 tokens, chat template without tools\).*tool format hermes/);
      assert.match(result.stderr, /cannot carry tools/);
      assert.match(result.stdout, /\[step 1\][^\n]*\n {2}→ Finish the task\n/);
      // The loop watch refuses a finish that changed nothing; the model (forced to say "done")
      // finishes again: that is not a fix, and without --test-cmd it must not exit 0.
      assert.match(result.stdout, /Not finished: the workspace has no changes/);
      assert.match(result.stdout, /not done: finished in 2 steps without changing any file, also after being told nothing had changed: done/);
      assert.equal(result.code, 1, `${result.stdout}\n${result.stderr}`);
    });

    it('fits its prompts into the 2,048-token window it learned, lowering a larger setting with a warning', async () => {
      const result = await crux(server, '--no-record', '--context-tokens', '32768', '--loop-policy', 'warn');
      assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stdout, /crux: finished in 1 steps without changing any file: done/);
      assert.match(result.stderr, /larger than the window the server gives the model \(2,048\); using 2,048/);
      assert.match(result.stderr, /2,048-token window, small for an agent/);
      assert.doesNotMatch(result.stdout + result.stderr, /exceeds the available context size/);
      assert.match(result.stdout, /replies up to 512 tokens/);
    });
  });

  describe('a model that rambles (no grammar, 8,192-token context)', () => {
    let server: LlamaServer;
    before(async () => {
      const model = join(dir, 'rambler.gguf');
      writeTinyModel(model, { vocabGguf: vocab, seed: 7 });
      server = await startLlamaServer({ model, ctx: 8192, alias: 'tiny-rambler' });
    });
    after(() => server.stop());

    it('sends max_tokens, so a rambling reply stops at the reply budget; a cut-off is told to the model, once', async () => {
      const result = await crux(server, '--no-record', '--tool-format', 'hermes', '--max-tokens', '48');
      assert.equal(result.code, 1, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stdout, /\[step 1\] model replied in .*, 48 tokens/);
      assert.match(result.stdout, /\(system\) Your reply was cut off at the reply limit of 48 tokens before it was complete/);
      assert.match(result.stdout, /\[step 2\] model replied in .*, 48 tokens/);
      assert.match(result.stdout, /cut off at the reply limit of 48 tokens twice in a row/);
      assert.doesNotMatch(result.stdout, /not valid JSON/);
    });

    it('stops mid-stream on Ctrl-C, and the server stops generating', async () => {
      // 2,048 reply tokens (a quarter of the window) take this server a few seconds.
      const child = spawn(process.execPath, [cliPath, 'run', '-w', repo.root, '-t', 'Ramble.', '--model-url', server.baseUrl, '--no-record', '--tool-format', 'hermes'], {
        env: { ...process.env, HOME: home, CRUX_MODEL_URL: '' },
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
      child.stderr.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
      await waitFor(async () => (await slotBusy(server)) === true, 30_000);
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 130, stdout);
      assert.match(stdout, /stopped after 1 steps/);
      await waitFor(async () => (await slotBusy(server)) === false, 10_000);
    });
  });
});

/** Whether llama-server's only slot is generating (GET /slots). */
async function slotBusy(server: LlamaServer): Promise<boolean | undefined> {
  try {
    const slots = (await (await fetch(`${server.root}/slots`)).json()) as { is_processing?: boolean }[];
    return slots.some((slot) => slot.is_processing === true);
  } catch {
    return undefined;
  }
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
