import { strict as assert } from 'node:assert';
import {
  hermesFormat,
  jsonFormat,
  textToolFormat,
  toolFormatInstructions,
  xmlFormat,
} from '../../src/model/text-tools';
import { READ_FILE, RUN_COMMAND } from './helpers';

const TOOLS = [READ_FILE, RUN_COMMAND];

describe('text tool-call formats', () => {
  describe('instructions', () => {
    it('list every tool with its JSON schema and show the format', () => {
      const examples = { hermes: '<tool_call>', xml: '<function=', json: '```json' };
      for (const format of ['hermes', 'xml', 'json'] as const) {
        const text = toolFormatInstructions(format, TOOLS);
        assert.ok(text.includes(examples[format]), `${format} shows its syntax`);
        assert.ok(text.includes(JSON.stringify(READ_FILE.parameters)), `${format} has the read_file schema`);
        assert.ok(text.includes('"name":"run_command"'), `${format} names run_command`);
        assert.match(text, /<tool_response name=/);
      }
    });

    it('are empty for native calls and for a turn without tools', () => {
      assert.equal(toolFormatInstructions('native', TOOLS), '');
      assert.equal(toolFormatInstructions('hermes', []), '');
    });
  });

  describe('hermes', () => {
    it('parses several calls and removes them from the content', () => {
      const text = 'I will look first.\n<tool_call>\n{"name": "read_file", "arguments": {"path": "a.ts"}}\n</tool_call>\n' +
        '<tool_call>{"name": "run_command", "arguments": {"command": "ls"}}</tool_call>\nThen decide.';
      const parsed = hermesFormat.parse(text);
      assert.equal(parsed.content, 'I will look first.\n\nThen decide.');
      assert.deepEqual(parsed.calls.map((call) => [call.name, call.arguments]), [
        ['read_file', { path: 'a.ts' }],
        ['run_command', { command: 'ls' }],
      ]);
    });

    it('tolerates a missing closing tag, arguments as a JSON string, and a block that was never closed', () => {
      const unclosed = hermesFormat.parse('Reading.\n<tool_call>\n{"name": "read_file", "arguments": "{\\"path\\": \\"b.ts\\"}"}');
      assert.equal(unclosed.content, 'Reading.');
      assert.deepEqual(unclosed.calls[0]?.arguments, { path: 'b.ts' });
      const twice = hermesFormat.parse('<tool_call>{"name": "a", "arguments": {}}<tool_call>{"name": "b", "arguments": {}}</tool_call>');
      assert.deepEqual(twice.calls.map((call) => call.name), ['a', 'b']);
    });

    it('turns broken JSON into a call with parseError, naming the tool when it can', () => {
      const parsed = hermesFormat.parse('<tool_call>\n{"name": "read_file", "arguments": {"path": "a.ts"\n</tool_call>');
      assert.equal(parsed.calls.length, 1);
      assert.equal(parsed.calls[0]?.name, 'read_file');
      assert.match(parsed.calls[0]?.parseError ?? '', /not valid JSON/);
      assert.match(hermesFormat.parse('<tool_call>{"arguments": {}}</tool_call>').calls[0]?.parseError ?? '', /no "name"/);
      assert.match(hermesFormat.parse('<tool_call></tool_call>').calls[0]?.parseError ?? '', /empty/);
    });

    it('leaves text without calls alone', () => {
      assert.deepEqual(hermesFormat.parse('  Just an answer.\n'), { content: 'Just an answer.', calls: [] });
    });
  });

  describe('xml', () => {
    const QWEN_CODER = [
      'Running the tests.',
      '<tool_call>',
      '<function=run_command>',
      '<parameter=command>',
      'npm test',
      '</parameter>',
      '<parameter=timeout_s>',
      '120',
      '</parameter>',
      '</function>',
      '</tool_call>',
    ].join('\n');

    it('parses Qwen3-Coder calls, typing values by the tool schema', () => {
      const parsed = xmlFormat.parse(QWEN_CODER, TOOLS);
      assert.equal(parsed.content, 'Running the tests.');
      assert.deepEqual(parsed.calls[0]?.arguments, { command: 'npm test', timeout_s: 120 });
      assert.equal(parsed.calls[0]?.argumentsText, '{"command":"npm test","timeout_s":120}');
    });

    it('keeps values as strings when the schema says string or is unknown', () => {
      assert.deepEqual(xmlFormat.parse(QWEN_CODER).calls[0]?.arguments, { command: 'npm test', timeout_s: '120' });
      const quoted = xmlFormat.parse('<function=read_file><parameter=path>123</parameter></function>', TOOLS);
      assert.deepEqual(quoted.calls[0]?.arguments, { path: '123' });
    });

    it('keeps inner newlines of a value exactly and trims one layout newline at each end', () => {
      const body = '\n\n  indented\n\nlast line\n\n';
      const parsed = xmlFormat.parse(`<function=run_command>\n<parameter=command>${body}</parameter>\n</function>`, TOOLS);
      assert.equal(parsed.calls[0]?.arguments?.['command'], '\n  indented\n\nlast line\n');
    });

    it('accepts bare <function=> blocks, a forgotten </parameter>, and a bad typed value as text', () => {
      const text = 'x <function=read_file>\n<parameter=path>\na.ts\n<parameter=start_line>\nten\n</function> y';
      const parsed = xmlFormat.parse(text, TOOLS);
      assert.equal(parsed.content, 'x\n\ny');
      assert.deepEqual(parsed.calls[0]?.arguments, { path: 'a.ts', start_line: 'ten' });
    });

    it('reports a call without a tool name', () => {
      const parsed = xmlFormat.parse('<tool_call><function=>\n</function></tool_call>');
      assert.match(parsed.calls[0]?.parseError ?? '', /no tool name/);
    });
  });

  describe('json', () => {
    it('parses a fenced call and an array of calls', () => {
      const text = 'Step one:\n```json\n{"name": "read_file", "arguments": {"path": "a.ts"}}\n```\nAnd:\n```\n' +
        '[{"name": "run_command", "arguments": {"command": "ls"}}, {"name": "read_file", "parameters": {"path": "b"}}]\n```';
      const parsed = jsonFormat.parse(text);
      assert.equal(parsed.content, 'Step one:\n\nAnd:');
      assert.deepEqual(parsed.calls.map((call) => [call.name, call.arguments]), [
        ['read_file', { path: 'a.ts' }],
        ['run_command', { command: 'ls' }],
        ['read_file', { path: 'b' }],
      ]);
    });

    it('leaves other code blocks in the content', () => {
      const text = 'Example:\n```json\n{"version": 2}\n```\n```python\nprint("name")\n```';
      assert.deepEqual(jsonFormat.parse(text), { content: text, calls: [] });
    });

    it('turns a broken fenced call into a call with parseError', () => {
      const parsed = jsonFormat.parse('```json\n{"name": "read_file", "arguments": {"path": "a.ts"}\n```');
      assert.equal(parsed.calls[0]?.name, 'read_file');
      assert.match(parsed.calls[0]?.parseError ?? '', /not valid JSON/);
      assert.equal(parsed.content, '');
    });
  });

  describe('render', () => {
    const CALLS = [
      { name: 'run_command', argumentsText: JSON.stringify({ command: 'echo "hi"\nls', timeout_s: 30 }) },
      { name: 'read_file', argumentsText: '{}' },
    ];

    for (const format of ['hermes', 'xml', 'json'] as const) {
      it(`${format}: a rendered call parses back to the same call`, () => {
        const textFormat = textToolFormat(format);
        for (const call of CALLS) {
          const parsed = textFormat.parse(`Before.\n${textFormat.render(call)}`, TOOLS);
          assert.equal(parsed.content, 'Before.');
          assert.equal(parsed.calls.length, 1);
          assert.equal(parsed.calls[0]?.name, call.name);
          assert.deepEqual(parsed.calls[0]?.arguments, JSON.parse(call.argumentsText));
        }
      });
    }

    it('writes broken arguments back as the text the model produced', () => {
      const broken = { name: 'read_file', argumentsText: '{"path": ' };
      assert.ok(hermesFormat.render(broken).includes(JSON.stringify('{"path": ')));
      assert.ok(xmlFormat.render(broken).includes('{"path": '));
      assert.ok(jsonFormat.render(broken).includes(JSON.stringify('{"path": ')));
    });
  });
});
