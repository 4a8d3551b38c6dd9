import { strict as assert } from 'node:assert';
import { AnsiStreamStripper, normalizeTerminalText, stripAnsi } from '../../src/util/strip-ansi';

describe('stripAnsi', () => {
  it('removes colours, cursor moves and window titles', () => {
    assert.equal(stripAnsi('\u001B[31mred\u001B[0m plain'), 'red plain');
    assert.equal(stripAnsi('\u001B[2K\u001B[1Gprogress'), 'progress');
    assert.equal(stripAnsi('\u001B]0;title\u0007text'), 'text');
    assert.equal(stripAnsi('no escapes'), 'no escapes');
  });

  it('strips a sequence split across chunks of a stream', () => {
    const stripper = new AnsiStreamStripper();
    const out = stripper.push('ok \u001B[3') + stripper.push('2mgreen\u001B') + stripper.push('[0m done') + stripper.flush();
    assert.equal(out, 'ok green done');
  });

  it('does not hold text back when an escape never completes', () => {
    const stripper = new AnsiStreamStripper();
    const out = stripper.push('a\u001B]unterminated') + stripper.flush();
    assert.equal(out.includes('\u001B'), false);
    assert.ok(out.startsWith('a'));
  });
});

describe('normalizeTerminalText', () => {
  it('turns CRLF into LF and keeps only the last drawing of a redrawn line', () => {
    assert.equal(normalizeTerminalText('a\r\nb\r\n'), 'a\nb\n');
    assert.equal(normalizeTerminalText('10%\r50%\r100%\r\ndone\n'), '100%\ndone\n');
  });
});
