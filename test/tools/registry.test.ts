import { strict as assert } from 'node:assert';
import { closestName, editDistance } from '../../src/tools/closest-name';
import { finishTool } from '../../src/tools/finish';
import { createDefaultRegistry, defaultTools, ToolRegistry } from '../../src/tools/registry';

describe('ToolRegistry', () => {
  const registry = createDefaultRegistry();

  it('offers every default tool as a spec with a strict object schema', () => {
    const names = registry.specs().map((spec) => spec.name);
    assert.deepEqual(names, ['read_file', 'list_files', 'search', 'edit_file', 'create_file', 'run_command', 'git_status', 'git_diff', 'finish']);
    for (const spec of registry.specs()) {
      assert.equal(spec.parameters.type, 'object', spec.name);
      assert.equal(spec.parameters.additionalProperties, false, spec.name);
      assert.ok(Array.isArray(spec.parameters.required), spec.name);
      assert.ok(spec.description.length > 20, spec.name);
      const properties = spec.parameters.properties as Record<string, { description?: string }>;
      for (const [field, schema] of Object.entries(properties)) assert.ok(schema.description, `${spec.name}.${field} has a description`);
    }
  });

  it('returns the tool and a copy of valid arguments', () => {
    const args = { path: 'src/a.ts' };
    const result = registry.validate('read_file', args);
    assert.ok(result.ok);
    assert.equal(result.tool.name, 'read_file');
    assert.deepEqual(result.args, { path: 'src/a.ts' });
    assert.notEqual(result.args, args);
  });

  it('coerces numbers and booleans sent as strings, without touching the caller\'s object', () => {
    const args = { path: 'a.ts', start_line: '10' };
    const result = registry.validate('read_file', args);
    assert.ok(result.ok);
    assert.equal(result.args.start_line, 10);
    assert.equal(args.start_line, '10');
    const listed = registry.validate('list_files', { recursive: 'true' });
    assert.ok(listed.ok);
    assert.equal(listed.args.recursive, true);
  });

  it('treats missing arguments as an empty object', () => {
    assert.ok(registry.validate('git_status', undefined).ok);
    assert.ok(registry.validate('list_files', null).ok);
  });

  it('names an unknown tool, suggests the closest and lists the valid ones', () => {
    const result = registry.validate('readFile', { path: 'x' });
    assert.equal(result.ok, false);
    assert.equal(
      !result.ok && result.error,
      'Unknown tool "readFile". Did you mean "read_file"? Available tools: read_file, list_files, search, edit_file, create_file, run_command, git_status, git_diff, finish.',
    );
    const far = registry.validate('launch_rockets', {});
    assert.ok(!far.ok && !far.error.includes('Did you mean'));
  });

  it('explains schema violations naming the tool and the field', () => {
    const missing = registry.validate('read_file', {});
    assert.equal(!missing.ok && missing.error, 'Invalid arguments for tool "read_file": missing required field "path".');

    const wrongType = registry.validate('read_file', { path: 'a', start_line: 'ten' });
    assert.equal(!wrongType.ok && wrongType.error, 'Invalid arguments for tool "read_file": field "start_line" must be an integer.');

    const extra = registry.validate('read_file', { path: 'a', file_path: 'b' });
    assert.match(!extra.ok ? extra.error : '', /unknown field "file_path" \(did you mean "path"\?\); allowed fields: path, start_line, end_line/);

    const nested = registry.validate('edit_file', { path: 'a', edits: [{ old_string: 'x' }] });
    assert.match(!nested.ok ? nested.error : '', /missing required field "edits\[0\]\.new_string"/);

    const empty = registry.validate('finish', { summary: '' });
    assert.match(!empty.ok ? empty.error : '', /field "summary" must not be empty/);
  });

  it('reports all problems at once', () => {
    const result = registry.validate('search', { pattern: 3, literal: 'maybe', extra: 1 });
    assert.ok(!result.ok);
    assert.match(result.error, /field "literal" must be a boolean/);
    assert.match(result.error, /unknown field "extra"/);
  });

  it('refuses arguments that are not an object', () => {
    const result = registry.validate('read_file', '{"path": "a"}');
    assert.match(!result.ok ? result.error : '', /must be a JSON object/);
    assert.ok(!registry.validate('read_file', ['a']).ok);
  });

  it('refuses two tools with one name', () => {
    assert.throws(() => new ToolRegistry([finishTool, finishTool]), /Two tools are named "finish"/);
  });

  it('gets tools by name', () => {
    assert.equal(registry.get('finish'), finishTool);
    assert.equal(registry.get('nope'), undefined);
    assert.equal(defaultTools().length, 9);
  });
});

describe('finish', () => {
  it('ends the run with the summary', async () => {
    const result = await finishTool.execute({ summary: 'Fixed the parser.' }, undefined as never);
    assert.deepEqual(result, { output: 'Finished: Fixed the parser.', isError: false, finish: { summary: 'Fixed the parser.' } });
    assert.equal(finishTool.risk({ summary: 'x' }), 'read');
  });
});

describe('closestName', () => {
  const names = ['read_file', 'list_files', 'search', 'edit_file', 'run_command'];

  it('folds case and separators, and accepts swapped words', () => {
    assert.equal(closestName('ReadFile', names), 'read_file');
    assert.equal(closestName('read-file', names), 'read_file');
    assert.equal(closestName('file_read', names), 'read_file');
    assert.equal(closestName('serach', names), 'search');
    assert.equal(closestName('bash', names), undefined);
    assert.equal(closestName('command', names), 'run_command');
    assert.equal(closestName('file', names), undefined, 'a tie between several tools is no suggestion');
  });

  it('computes edit distance', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
  });
});
