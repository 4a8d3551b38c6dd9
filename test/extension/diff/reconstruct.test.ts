import assert from 'node:assert/strict';
import { createTwoFilesPatch } from 'diff';
import { contentBeforeEdit } from '../../../extension/diff/reconstruct';

describe('extension: content before an edit', () => {
  const before = 'function add(a, b) {\n  return a - b;\n}\n';
  const after = before.replace('a - b', 'a + b');
  const patch = createTwoFilesPatch('a/math.js', 'b/math.js', before, after);

  it('applies the diff in reverse', () => {
    assert.equal(contentBeforeEdit(after, patch), before);
  });

  it('gives an empty file for a file the edit created', () => {
    assert.equal(contentBeforeEdit('new\n', createTwoFilesPatch('/dev/null', 'b/new.txt', '', 'new\n')), '');
  });

  it('returns the content unchanged for an empty diff', () => {
    assert.equal(contentBeforeEdit(after, ''), after);
  });

  it('gives up when the file changed since', () => {
    assert.equal(contentBeforeEdit('something else entirely\n', patch), undefined);
  });
});
