import { strict as assert } from 'node:assert';
import { HeadTailBuffer, headTail, omissionMarker } from '../../src/util/head-tail';

describe('HeadTailBuffer', () => {
  it('keeps everything while the stream fits', () => {
    const buffer = new HeadTailBuffer(10);
    buffer.push('abc');
    buffer.push('def');
    assert.equal(buffer.toString(), 'abcdef');
    assert.equal(buffer.truncated, false);
  });

  it('keeps the first and last halves with a marker counting what was dropped', () => {
    const buffer = new HeadTailBuffer(10);
    for (const chunk of ['0123', '4567', '89ab', 'cdef', 'ghij']) buffer.push(chunk);
    assert.equal(buffer.toString(), `01234${omissionMarker(10)}fghij`);
    assert.equal(buffer.truncated, true);
    assert.equal(buffer.omittedChars, 10);
    assert.equal(buffer.totalChars, 20);
  });

  it('handles a single chunk larger than the whole buffer', () => {
    const buffer = new HeadTailBuffer(4);
    buffer.push('abcdefghij');
    assert.equal(buffer.toString(), `ab${omissionMarker(6)}ij`);
  });

  it('stays bounded however long the stream is', () => {
    const buffer = new HeadTailBuffer(100);
    for (let i = 0; i < 100_000; i++) buffer.push(`line ${i}\n`);
    const text = buffer.toString();
    assert.ok(text.startsWith('line 0\n'));
    assert.ok(text.endsWith('line 99999\n'));
    assert.match(text, /\[\.\.\. \d+ characters omitted \.\.\.\]/);
    assert.ok(text.length < 200);
  });

  it('headTail caps a whole string the same way', () => {
    assert.deepEqual(headTail('short', 10), { text: 'short', truncated: false });
    assert.equal(headTail('abcdefghijkl', 4).text, `ab${omissionMarker(8)}kl`);
  });

  it('refuses a negative size', () => {
    assert.throws(() => new HeadTailBuffer(-1), RangeError);
  });
});
