import { strict as assert } from 'node:assert';
import { toolFormatInstructions } from '../../src/model/text-tools';
import type { ChatMessage } from '../../src/model/types';
import { toWireMessages } from '../../src/model/wire';
import type { ModelServer } from '../support/model-server';
import { deltaRecorder, READ_FILE, RUN_COMMAND, serverAndClient, turnRequest } from './helpers';

const CONVERSATION: ChatMessage[] = [
  { role: 'system', content: 'You are a coding agent.' },
  { role: 'user', content: 'Fix the test.' },
  {
    role: 'assistant',
    content: 'Looking.',
    tool_calls: [
      { id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } },
      { id: 'c2', type: 'function', function: { name: 'run_command', arguments: '{"command":"npm test"}' } },
    ],
  },
  { role: 'tool', tool_call_id: 'c1', content: 'export const a = 1;' },
  { role: 'tool', tool_call_id: 'c2', content: '1 failing' },
  { role: 'user', content: 'Hurry up.' },
  { role: 'assistant', content: null, tool_calls: [{ id: 'c3', type: 'function', function: { name: 'read_file', arguments: '{"path":"b.ts"}' } }] },
  { role: 'tool', tool_call_id: 'c3', content: 'b' },
];

describe('wire messages', () => {
  it('sends canonical messages unchanged for native tool calls', () => {
    assert.deepEqual(toWireMessages(CONVERSATION, 'native'), CONVERSATION);
  });

  it('writes calls into assistant text and results into alternating user messages for text formats', () => {
    const wire = toWireMessages(CONVERSATION, 'hermes');
    assert.deepEqual(wire.map((message) => message.role), ['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    assert.ok(wire.every((message) => !('tool_calls' in message)));
    assert.equal(
      wire[2]?.content,
      'Looking.\n\n<tool_call>\n{"name":"read_file","arguments":{"path":"a.ts"}}\n</tool_call>\n\n' +
        '<tool_call>\n{"name":"run_command","arguments":{"command":"npm test"}}\n</tool_call>',
    );
    assert.equal(
      wire[3]?.content,
      '<tool_response name="read_file">\nexport const a = 1;\n</tool_response>\n\n' +
        '<tool_response name="run_command">\n1 failing\n</tool_response>\n\nHurry up.',
    );
    assert.equal(wire[5]?.content, '<tool_response name="read_file">\nb\n</tool_response>');
  });

  it('renders past calls in the format the model is asked to use', () => {
    assert.match(String(toWireMessages(CONVERSATION, 'xml')[2]?.content), /<function=read_file>\n<parameter=path>\na\.ts\n<\/parameter>/);
    assert.match(String(toWireMessages(CONVERSATION, 'json')[2]?.content), /```json\n\{"name":"read_file"/);
  });
});

describe('model client: text tool formats', () => {
  let server: ModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends no tools for a text format and parses the calls the model writes', async () => {
    const reply = 'I will read it.\n<tool_call>\n{"name": "read_file", "arguments": {"path": "calc.js"}}\n</tool_call>';
    const setup = await serverAndClient({ chunkSize: 5, turns: [{ content: reply }] });
    server = setup.server;
    const system = `You are a coding agent.\n\n${toolFormatInstructions('hermes', [READ_FILE, RUN_COMMAND])}`;
    const recorder = deltaRecorder();
    const result = await setup.client.turn(
      turnRequest('hermes', { onDelta: recorder.onDelta, messages: [{ role: 'system', content: system }, ...CONVERSATION.slice(1)] }),
    );
    const request = setup.server.requests[0];
    assert.equal(request?.tools, undefined);
    assert.equal((request?.messages[0] as { content: string }).content, system, 'the system prompt is sent as given');
    assert.ok(!JSON.stringify(request?.messages).includes('"tool_calls"'));
    assert.equal(result.content, 'I will read it.');
    assert.equal(result.rawContent, reply);
    assert.equal(result.finishReason, 'tool_calls');
    assert.deepEqual(result.toolCalls.map((call) => [call.name, call.arguments]), [['read_file', { path: 'calc.js' }]]);
    assert.equal(recorder.text('content').trim(), 'I will read it.', 'the call text is kept out of content deltas');
    assert.deepEqual(
      recorder.deltas.filter((delta) => delta.kind === 'tool-call'),
      [{ kind: 'tool-call', index: 0, name: 'read_file', argumentsText: '{"path":"calc.js"}' }],
    );
  });

  it('parses xml calls with schema types, and releases a code block that is not a json call', async () => {
    const xml = 'Testing.\n<tool_call>\n<function=run_command>\n<parameter=command>\nnpm test\n</parameter>\n<parameter=timeout_s>\n60\n</parameter>\n</function>\n</tool_call>';
    const json = 'Like this:\n```js\nconst a = 1;\n```\n```json\n{"name": "read_file", "arguments": {"path": "x"}}\n```';
    const setup = await serverAndClient({ chunkSize: 3, turns: [{ content: xml }, { content: json }] });
    server = setup.server;
    const xmlResult = await setup.client.turn(turnRequest('xml'));
    assert.deepEqual(xmlResult.toolCalls[0]?.arguments, { command: 'npm test', timeout_s: 60 });
    assert.equal(xmlResult.content, 'Testing.');
    const recorder = deltaRecorder();
    const jsonResult = await setup.client.turn(turnRequest('json', { onDelta: recorder.onDelta }));
    assert.equal(jsonResult.content, 'Like this:\n```js\nconst a = 1;\n```');
    assert.equal(recorder.text('content').trim(), 'Like this:\n```js\nconst a = 1;\n```');
    assert.deepEqual(jsonResult.toolCalls[0]?.arguments, { path: 'x' });
  });

  it('takes hermes calls written as text when a native turn has no native calls', async () => {
    const setup = await serverAndClient({
      turns: [
        { content: '<tool_call>\n{"name": "run_command", "arguments": {"command": "ls"}}\n</tool_call>' },
        { content: 'Here is how: <tool_call>{"name": "x", "arguments": {}}</tool_call>', toolCalls: [{ name: 'read_file', arguments: { path: 'a' } }] },
      ],
    });
    server = setup.server;
    const fallback = await setup.client.turn(turnRequest('native'));
    assert.deepEqual(fallback.toolCalls.map((call) => [call.name, call.arguments]), [['run_command', { command: 'ls' }]]);
    assert.equal(fallback.content, '');
    assert.equal(fallback.finishReason, 'tool_calls');
    const both = await setup.client.turn(turnRequest('native'));
    assert.deepEqual(both.toolCalls.map((call) => call.name), ['read_file'], 'native calls win; the text stays content');
    assert.match(both.content, /<tool_call>/);
  });
});
