// `crux run` end to end: the real CLI bundle, a real git repository, a real HTTP model
// server replaying scripted turns in each server's chunk shapes and each tool-call format.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startModelServer, type Dialect, type ModelServer, type ScriptedToolCall, type ScriptedTurn } from '../support/model-server';
import { BUGGY_CALC, createGitRepo, type GitFixture } from '../support/git-fixture';
import { runCli } from '../support/cli';
import { asTextToolCalls, type TextFormat } from '../support/text-tool-calls';

/** The fix, step by step: read, search, run the failing test, edit, re-run, finish. */
const FIX_STEPS: ScriptedToolCall[][] = [
  [{ name: 'list_files', arguments: { path: '.' } }],
  [{ name: 'search', arguments: { pattern: 'function add' } }, { name: 'read_file', arguments: { path: 'calc.js' } }],
  [{ name: 'run_command', arguments: { command: 'node test.js' } }],
  [{ name: 'edit_file', arguments: { path: 'calc.js', old_string: 'return a - b;', new_string: 'return a + b;' } }],
  [{ name: 'run_command', arguments: { command: 'node test.js' } }],
  [{ name: 'finish', arguments: { summary: 'add() subtracted; it adds now and the test passes.' } }],
];

function nativeTurns(): ScriptedTurn[] {
  return FIX_STEPS.map((calls, i) => ({ content: i === 0 ? 'Let me look around.' : '', toolCalls: calls }));
}

function textTurns(format: TextFormat): ScriptedTurn[] {
  return FIX_STEPS.map((calls) => ({ content: asTextToolCalls(format, calls) }));
}

describe('crux run (end to end)', function () {
  this.timeout(120_000);
  let repo: GitFixture;
  let server: ModelServer | undefined;

  beforeEach(() => {
    repo = createGitRepo(BUGGY_CALC);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    repo.remove();
  });

  async function fixWith(turns: ScriptedTurn[], dialect: Dialect, toolFormat: string, acceptsTools = true) {
    server = await startModelServer({ dialect, turns, acceptsTools });
    return runCli(['run', '--workspace', repo.root, '--task', 'The test in test.js fails. Fix calc.js.',
      '--model-url', server.url, '--tool-format', toolFormat, '--auto-approve', '--test-cmd', 'node test.js']);
  }

  function assertFixed(result: { code: number; stdout: string; stderr: string }) {
    assert.equal(result.code, 0, `crux run failed:\n${result.stdout}\n${result.stderr}`);
    assert.match(readFileSync(join(repo.root, 'calc.js'), 'utf8'), /return a \+ b;/);
    assert.match(result.stdout, /tests passed/);
  }

  for (const dialect of ['vllm', 'ollama', 'llamacpp'] as const) {
    it(`fixes the bug with native tool calls streamed like ${dialect}`, async () => {
      const result = await fixWith(nativeTurns(), dialect, 'native');
      assertFixed(result);
      assert.match(result.stdout, /edited calc\.js \(\+1 -1\)/);
    });
  }

  for (const format of ['hermes', 'xml', 'json'] as const) {
    it(`fixes the bug with ${format} tool calls written as text`, async () => {
      const result = await fixWith(textTurns(format), 'vllm', format);
      assertFixed(result);
      const first = server?.requests[0];
      assert.equal(first?.tools, undefined, 'text formats must not send native tools');
    });
  }

  it('falls back to text tool calls when the server rejects native tools (auto)', async () => {
    const result = await fixWith(textTurns('hermes'), 'vllm', 'auto', false);
    assertFixed(result);
    assert.match(result.stdout, /tool format hermes/);
  });

  it('exits non-zero with a one-line reason when the tests still fail', async () => {
    // A wrong fix: the patch is not empty, but add() still does not add.
    const wrongFix: ScriptedTurn = { toolCalls: [{ name: 'edit_file', arguments: { path: 'calc.js', old_string: 'return a - b;', new_string: 'return b - a;' } }] };
    const turns = nativeTurns().map((turn, i) => (i === 3 ? wrongFix : turn));
    const result = await fixWith(turns, 'vllm', 'native');
    assert.equal(result.code, 3);
    assert.match(result.stdout, /the tests failed \(node test\.js exited with 1\)/);
  });

  it('stops at the step limit', async () => {
    server = await startModelServer({ turns: () => ({ toolCalls: [{ name: 'list_files', arguments: {} }] }) });
    const result = await runCli(['run', '-w', repo.root, '-t', 'loop', '--model-url', server.url, '--max-steps', '3', '-y']);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /step-limit: Reached the step limit \(3 model turns\)/);
  });

  it('reports an unreachable server by its URL', async () => {
    const result = await runCli(['run', '-w', repo.root, '-t', 'x', '--model-url', 'http://127.0.0.1:9/v1']);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /http:\/\/127\.0\.0\.1:9\/v1/);
  });

  it('turns broken tool-call JSON into an observation the model sees, and goes on', async () => {
    const turns: ScriptedTurn[] = [
      { toolCalls: [{ name: 'read_file', arguments: '{"path": "calc.js"' }] },
      ...nativeTurns().slice(3),
    ];
    const result = await fixWith(turns, 'vllm', 'native');
    assertFixed(result);
    const second = JSON.stringify(server?.requests[1]?.messages);
    assert.match(second, /Invalid tool call\. Tool \\"read_file\\": the arguments are not valid JSON/);
  });

  it('rejects bad arguments with a usage error', async () => {
    const noTask = await runCli(['run', '-w', repo.root]);
    assert.equal(noTask.code, 2);
    assert.match(noTask.stderr, /--task TEXT or --task-file FILE/);
    const badFormat = await runCli(['run', '-w', repo.root, '-t', 'x', '--tool-format', 'yaml']);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /tool-format/);
    const badDir = await runCli(['run', '-w', join(repo.root, 'missing'), '-t', 'x']);
    assert.equal(badDir.code, 2);
    assert.match(badDir.stderr, /is not a folder/);
  });
});
