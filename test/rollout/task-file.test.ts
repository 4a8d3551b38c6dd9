import { strict as assert } from 'node:assert';
import { parseTaskFile } from '../../src/rollout/task-file';

const good = { id: 'calc-1', repo: './calc', commit: 'abc123', task: 'Fix add', test_cmd: 'node test.js' };

describe('rollout task file', () => {
  it('reads tasks and gives a clear error per bad line without dropping the others', () => {
    const text = [
      JSON.stringify(good),
      '{"id": "broken", ',
      JSON.stringify({ ...good, id: 'no-test', test_cmd: '' }),
      JSON.stringify({ ...good, id: 'bad id!' }),
      JSON.stringify({ ...good, id: 'extra', tests: 'x' }),
      JSON.stringify({ ...good, id: 'slow', timeout: -1 }),
      JSON.stringify(good),
      '',
      JSON.stringify({ ...good, id: 'calc-2', setup_cmd: 'npm ci', timeout: 60 }),
    ].join('\n');
    const { tasks, errors } = parseTaskFile(text);
    assert.deepEqual(tasks.map((task) => task.id), ['calc-1', 'calc-2']);
    assert.equal(tasks[1]?.setupCmd, 'npm ci');
    assert.equal(tasks[1]?.timeoutSeconds, 60);
    assert.deepEqual(errors.map((error) => error.line), [2, 3, 4, 5, 6, 7]);
    assert.match(errors[0]?.message ?? '', /not valid JSON/);
    assert.match(errors[1]?.message ?? '', /"test_cmd" must be a non-empty string/);
    assert.match(errors[2]?.message ?? '', /"id" must be letters/);
    assert.match(errors[3]?.message ?? '', /unknown field\(s\) "tests"/);
    assert.match(errors[4]?.message ?? '', /"timeout" must be a positive number/);
    assert.match(errors[5]?.message ?? '', /already used on line 1/);
  });
});
