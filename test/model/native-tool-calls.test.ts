import { strict as assert } from 'node:assert';
import { ToolCallAssembler } from '../../src/model/tool-call-assembler';
import type { ModelDelta } from '../../src/model/types';
import type { ModelServer } from '../support/model-server';
import { deltaRecorder, serverAndClient, turnRequest } from './helpers';

describe('model client: native tool calls', () => {
  let server: ModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  for (const dialect of ['vllm', 'ollama', 'llamacpp'] as const) {
    describe(`streamed like ${dialect}`, () => {
      it('assembles one call from its stream, with content, reasoning and usage', async () => {
        const setup = await serverAndClient({
          dialect,
          turns: [
            {
              content: 'Let me read it.',
              reasoning: 'The bug is probably in calc.js.',
              toolCalls: [{ name: 'read_file', arguments: { path: 'src/calc.js', start_line: 10 } }],
              promptTokens: 321,
              completionTokens: 45,
            },
          ],
        });
        server = setup.server;
        const recorder = deltaRecorder();
        const result = await setup.client.turn(turnRequest('native', { onDelta: recorder.onDelta }));

        assert.equal(result.content, 'Let me read it.');
        assert.equal(result.reasoning, 'The bug is probably in calc.js.');
        assert.equal(result.toolCalls.length, 1);
        assert.equal(result.toolCalls[0]?.name, 'read_file');
        assert.deepEqual(result.toolCalls[0]?.arguments, { path: 'src/calc.js', start_line: 10 });
        assert.equal(result.toolCalls[0]?.parseError, undefined);
        assert.ok(result.toolCalls[0]?.id, 'the server id is kept');
        assert.equal(result.finishReason, 'tool_calls');
        assert.deepEqual(result.usage, { promptTokens: 321, completionTokens: 45, totalTokens: 366 });
        assert.equal(typeof result.firstTokenMs, 'number');
        assert.equal(typeof result.latencyMs, 'number');
        assert.equal(recorder.text('content'), 'Let me read it.');
        assert.equal(recorder.text('reasoning'), 'The bug is probably in calc.js.');
        const argumentText = recorder.deltas
          .filter((delta): delta is Extract<ModelDelta, { kind: 'tool-call' }> => delta.kind === 'tool-call')
          .map((delta) => delta.argumentsText)
          .join('');
        assert.deepEqual(JSON.parse(argumentText), { path: 'src/calc.js', start_line: 10 });
      });

      it('assembles several calls in one turn, in order', async () => {
        const setup = await serverAndClient({
          dialect,
          chunkSize: 3,
          turns: [
            {
              toolCalls: [
                { name: 'read_file', arguments: { path: 'a.ts' } },
                { name: 'run_command', arguments: { command: 'npm test -- --grep "add \\"x\\""' } },
                { name: 'read_file', arguments: {} },
              ],
            },
          ],
        });
        server = setup.server;
        const result = await setup.client.turn(turnRequest());
        assert.deepEqual(
          result.toolCalls.map((call) => [call.name, call.arguments]),
          [
            ['read_file', { path: 'a.ts' }],
            ['run_command', { command: 'npm test -- --grep "add \\"x\\""' }],
            ['read_file', {}],
          ],
        );
        assert.equal(new Set(result.toolCalls.map((call) => call.id)).size, 3, 'ids are distinct');
        assert.equal(result.content, '');
      });

      it('keeps broken argument JSON as text with a parseError instead of throwing', async () => {
        const setup = await serverAndClient({ dialect, turns: [{ toolCalls: [{ name: 'read_file', arguments: '{"path": "calc.js"' }] }] });
        server = setup.server;
        const result = await setup.client.turn(turnRequest());
        const call = result.toolCalls[0];
        assert.equal(call?.argumentsText, '{"path": "calc.js"');
        assert.equal(call?.arguments, undefined);
        assert.match(call?.parseError ?? '', /not valid JSON/);
      });

      it('records a plain answer with finish reason stop', async () => {
        const setup = await serverAndClient({ dialect, turns: [{ content: 'All tests pass.' }] });
        server = setup.server;
        const result = await setup.client.turn(turnRequest());
        assert.equal(result.content, 'All tests pass.');
        assert.equal(result.rawContent, 'All tests pass.');
        assert.deepEqual(result.toolCalls, []);
        assert.equal(result.finishReason, 'stop');
      });
    });
  }

  it('maps a length cut and keeps the usage', async () => {
    const setup = await serverAndClient({ turns: [{ content: 'Partial', finishReason: 'length', promptTokens: 5, completionTokens: 2 }] });
    server = setup.server;
    const result = await setup.client.turn(turnRequest());
    assert.equal(result.finishReason, 'length');
    assert.deepEqual(result.usage, { promptTokens: 5, completionTokens: 2, totalTokens: 7 });
  });

  it('sends tools and sampling settings only when set, streaming with usage', async () => {
    const setup = await serverAndClient({ turns: [{ content: 'a' }, { content: 'b' }] });
    server = setup.server;
    await setup.client.turn(turnRequest('native', { temperature: 0.2, topP: 0.9, maxTokens: 256 }));
    await setup.client.turn(turnRequest('native', { tools: [] }));
    const [first, second] = setup.server.requests;
    assert.equal(first?.body['stream'], true);
    assert.deepEqual(first?.body['stream_options'], { include_usage: true });
    assert.equal(first?.body['temperature'], 0.2);
    assert.equal(first?.body['top_p'], 0.9);
    assert.equal(first?.body['max_tokens'], 256);
    assert.deepEqual(
      (first?.tools as { function: { name: string } }[]).map((tool) => tool.function.name),
      ['read_file', 'run_command'],
    );
    assert.equal(second?.tools, undefined);
    assert.equal(second?.body['temperature'], undefined);
  });
});

describe('ToolCallAssembler', () => {
  function assemble(...chunks: unknown[][]) {
    const assembler = new ToolCallAssembler();
    for (const chunk of chunks) assembler.add(chunk);
    return assembler.finish();
  }

  it('joins fragments of calls that have no index, by id and then by position', () => {
    const calls = assemble(
      [{ id: 'a', function: { name: 'read_file', arguments: '{"pa' } }],
      [{ function: { arguments: 'th": "x"}' } }],
      [{ id: 'b', function: { name: 'run_command', arguments: '' } }],
      [{ id: 'b', function: { arguments: '{"command": "ls"}' } }],
    );
    assert.deepEqual(
      calls.map((call) => [call.id, call.name, call.arguments]),
      [
        ['a', 'read_file', { path: 'x' }],
        ['b', 'run_command', { command: 'ls' }],
      ],
    );
  });

  it('does not duplicate a name or id the server repeats on every fragment', () => {
    const calls = assemble(
      [{ index: 0, id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":' } }],
      [{ index: 0, id: 'c1', type: 'function', function: { name: 'read_file', arguments: ' "y"}' } }],
    );
    assert.deepEqual(calls.map((call) => [call.id, call.name, call.arguments]), [['c1', 'read_file', { path: 'y' }]]);
  });

  it('splits calls that reuse index 0 but carry fresh ids', () => {
    const calls = assemble(
      [{ index: 0, id: 'first', function: { name: 'read_file', arguments: '{"path": "a"}' } }],
      [{ index: 0, id: 'second', function: { name: 'read_file', arguments: '{"path": "b"}' } }],
    );
    assert.deepEqual(calls.map((call) => call.arguments), [{ path: 'a' }, { path: 'b' }]);
  });

  it('takes several whole calls from one delta and an arguments object some servers send', () => {
    const calls = assemble([
      { index: 0, id: 'x', function: { name: 'read_file', arguments: { path: 'a' } } },
      { index: 1, id: 'y', function: { name: 'git_status', arguments: '' } },
    ]);
    assert.deepEqual(calls.map((call) => [call.name, call.arguments, call.argumentsText]), [
      ['read_file', { path: 'a' }, '{"path":"a"}'],
      ['git_status', {}, ''],
    ]);
  });

  it('gives ids to calls without one and reports non-object arguments as parse errors', () => {
    const calls = assemble([{ index: 0, function: { name: 'read_file', arguments: '["a"]' } }]);
    assert.match(calls[0]?.id ?? '', /^call_[0-9a-f]{24}$/);
    assert.match(calls[0]?.parseError ?? '', /must be a JSON object, not an array/);
  });

  it('unwraps arguments that were JSON-encoded twice', () => {
    const calls = assemble([{ index: 0, id: 'z', function: { name: 'read_file', arguments: JSON.stringify('{"path": "q"}') } }]);
    assert.deepEqual(calls[0]?.arguments, { path: 'q' });
  });
});
