import { strict as assert } from 'node:assert';
import { findClosestLines } from '../../src/tools/closest-lines';
import { replaceOnce } from '../../src/tools/edit-match';

describe('replaceOnce', () => {
  it('prefers an exact match', () => {
    assert.deepEqual(replaceOnce('a b c', 'b', 'X'), { kind: 'replaced', content: 'a X c', level: 'exact', line: 1 });
  });

  it('reports the lines of every exact match when ambiguous', () => {
    assert.deepEqual(replaceOnce('x\ny\nx\n', 'x', 'z'), { kind: 'ambiguous', level: 'exact', lines: [1, 3] });
  });

  it('re-indents a replacement written at another depth', () => {
    const content = '\tif (a) {\n\t\tgo();\n\t}\n';
    const outcome = replaceOnce(content, 'if (a) {\n    go();\n}', 'if (a) {\n    go();\n    stop();\n}');
    assert.equal(outcome.kind, 'replaced');
    assert.equal(outcome.kind === 'replaced' && outcome.content, '\tif (a) {\n\t\tgo();\n\t\tstop();\n\t}\n');
  });

  it('extends the mapping to deeper levels, converting spaces to the file\'s tabs', () => {
    const content = '\tif (a) {\n\t\tgo();\n\t}\n';
    const outcome = replaceOnce(content, 'if (a) {\n  go();\n}', 'if (a) {\n  if (b) {\n    go();\n  }\n}');
    assert.equal(outcome.kind === 'replaced' && outcome.content, '\tif (a) {\n\t\tif (b) {\n\t\t\tgo();\n\t\t}\n\t}\n');
  });

  it('shifts a uniformly under-indented block to the file\'s depth', () => {
    const content = 'def f():\n    x = 1\n    if x:\n        y()\n';
    const outcome = replaceOnce(content, 'x = 1\nif x:\n    y()', 'x = 2\nif x:\n    y()\n    z()');
    assert.equal(outcome.kind === 'replaced' && outcome.content, 'def f():\n    x = 2\n    if x:\n        y()\n        z()\n');
  });

  it('tolerates collapsed inner whitespace as the last resort', () => {
    const outcome = replaceOnce('let  a =   1;\n', 'let a = 1;', 'let a = 2;');
    assert.equal(outcome.kind === 'replaced' && outcome.level, 'whitespace');
    assert.equal(outcome.kind === 'replaced' && outcome.content, 'let a = 2;\n');
  });

  it('ignores blank lines around the search block', () => {
    const outcome = replaceOnce('a\n  b\nc\n', '\nb\n\n', 'B');
    assert.equal(outcome.kind === 'replaced' && outcome.content, 'a\n  B\nc\n');
  });

  it('reports ambiguity at a loose level instead of guessing', () => {
    const outcome = replaceOnce('  x()\n    x()\n', 'x()  ', 'y()');
    assert.deepEqual(outcome, { kind: 'ambiguous', level: 'indentation', lines: [1, 2] });
  });

  it('reports no match for text that is not there, and for empty text', () => {
    assert.deepEqual(replaceOnce('abc', 'zzz', 'y'), { kind: 'no-match' });
    assert.deepEqual(replaceOnce('abc', '', 'y'), { kind: 'no-match' });
  });
});

describe('findClosestLines', () => {
  it('finds the stretch most like the search lines', () => {
    const file = ['import os', '', 'def load(path):', '    return open(path).read()', '', 'def save(path, data):', '    pass'];
    assert.deepEqual(
      (({ start, end }) => ({ start, end }))(findClosestLines(file, ['def load(p):', '    return open(p).read()']) ?? { start: 0, end: 0 }),
      { start: 3, end: 4 },
    );
  });

  it('returns nothing when nothing is similar', () => {
    assert.equal(findClosestLines(['aaaa', 'bbbb'], ['zzzz qqqq']), undefined);
  });
});
