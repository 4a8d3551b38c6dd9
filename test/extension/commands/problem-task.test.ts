// The task "Fix This Problem" gives the agent, and which diagnostic it picks.
import assert from 'node:assert/strict';
import { pickProblem, problemTask, type Problem } from '../../../extension/commands/problem-task';

const problem: Problem = {
  path: 'src/math.ts', line: 11, character: 4, message: "Type 'string' is not assignable to type 'number'.",
  severity: 'error', source: 'ts', code: '2322', lineText: "    const x: number = 'a';",
};

describe('fix this problem: the task', () => {
  it('says where the problem is (1-based), what the tool reported and the line', () => {
    const task = problemTask(problem);
    assert.match(task, /^Fix this problem at src\/math\.ts:12:5\.$/m);
    assert.match(task, /^Error \(ts 2322\): Type 'string' is not assignable to type 'number'\.$/m);
    assert.match(task, /^Line 12:\n {4}const x: number = 'a';$/m);
  });

  it('leaves out a missing source and code, and cuts a minified line', () => {
    const task = problemTask({ ...problem, source: null, code: null, severity: 'warning', lineText: 'x'.repeat(5000) });
    assert.match(task, /^Warning: Type/m);
    assert.ok(task.length < 1000);
  });

  it('picks the most severe problem under the cursor, then the first', () => {
    assert.equal(pickProblem([{ severity: 'hint', id: 1 }, { severity: 'error', id: 2 }, { severity: 'error', id: 3 }])?.id, 2);
    assert.equal(pickProblem([]), undefined);
  });
});
