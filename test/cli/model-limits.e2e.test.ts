// `crux run` against servers that misbehave in ways a real one does: llama.cpp's error event after
// the reply streamed, a server that sends headers and then nothing, a reply that never ends. The
// exact wire shapes come from the protocol-level fake (test/engine/ covers the real llama-server).
import { strict as assert } from 'node:assert';
import { runCli } from '../support/cli';
import { createGitRepo, type GitFixture } from '../support/git-fixture';
import { startModelServer, type ModelServer } from '../support/model-server';

const FINISH = { toolCalls: [{ name: 'finish', arguments: { summary: 'Nothing to change.' } }] };

describe('crux run: model stream limits and mid-stream errors (end to end)', function () {
  this.timeout(60_000);
  let repo: GitFixture;
  let server: ModelServer | undefined;

  beforeEach(() => {
    repo = createGitRepo({ 'README.md': 'hello\n' });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    repo.remove();
  });

  const run = (...args: string[]) =>
    runCli(['run', '-w', repo.root, '-t', 'Look around.', '--model-url', server?.url ?? '', '--no-record', '--loop-policy', 'warn', ...args]);

  it('asks again after llama.cpp\'s mid-stream error event, recording the failed attempt', async () => {
    server = await startModelServer({ dialect: 'llamacpp', turns: [{ kind: 'error-event', content: 'I will call <tool' }, FINISH] });
    const result = await run();
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /warning: Attempt 1 of this turn failed: .*reported an error mid-stream: The model produced output that does not match the expected Hermes 2 Pro format Asking again in 1 s \(retry 1 of 2\)/);
    assert.match(result.stdout, /finished in 1 steps without changing any file: Nothing to change\./);
    assert.equal(server.requests.filter((request) => request.stream).length, 2);
  });

  it('gives up after two retries of a turn that keeps failing mid-stream', async () => {
    const broken = { kind: 'error-event' as const };
    server = await startModelServer({ dialect: 'llamacpp', turns: [broken, broken, broken, FINISH] });
    const result = await run();
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /retry 2 of 2/);
    assert.match(result.stdout, /not done: error: The model server at .* reported an error mid-stream/);
    assert.equal(server.requests.filter((request) => request.stream).length, 3);
  });

  it('ends a run whose server sends headers and then nothing after --idle-timeout, without retrying', async () => {
    server = await startModelServer({ dialect: 'vllm', turns: [{ kind: 'hang' }, FINISH] });
    const started = Date.now();
    const result = await run('--idle-timeout', '0.5');
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /sent nothing for 0\.5 s, so Crux stopped waiting/);
    assert.equal(server.requests.filter((request) => request.stream).length, 1);
    assert.ok(Date.now() - started < 30_000);
  });

  it('rejects a malformed --idle-timeout', async () => {
    server = await startModelServer({ dialect: 'vllm', turns: [FINISH] });
    const result = await run('--idle-timeout', 'soon');
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /--idle-timeout/);
  });

  it('always sends max_tokens: a quarter of the server\'s window by default, or --max-tokens', async () => {
    server = await startModelServer({ dialect: 'llamacpp', turns: [FINISH, FINISH] });
    const first = await run();
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /on llamacpp \(context 8,192 tokens\) at .*replies up to 2048 tokens/);
    const second = await run('--max-tokens', '300');
    assert.equal(second.code, 0, second.stdout + second.stderr);
    const sent = server.requests.filter((request) => request.stream).map((request) => request.body['max_tokens']);
    assert.deepEqual(sent, [2048, 300]);
  });
});
