import { strict as assert } from 'node:assert';
import { errorSignature } from '../../src/watch/error-signature';
import { callSignature, canonicalCall, normalizeObservation } from '../../src/watch/normalize';

const errorOf = (output: string, failed: boolean, mayCarry: boolean) => errorSignature(normalizeObservation(output), failed, mayCarry);
import { classifyCall } from '../../src/watch/classify';

describe('loop watch: canonical forms', () => {
  it('gives one signature to the same call written with other key orders and trailing whitespace', () => {
    assert.equal(callSignature('run', { b: 1, a: { y: 2, x: 'cmd  \r\n' } }), callSignature('run', { a: { x: 'cmd', y: 2 }, b: 1 }));
    assert.equal(canonicalCall('run', { thought: 'why', command: 'ls' }), 'run {"command":"ls"}', 'commentary keys are not the call');
  });

  it('keeps inner whitespace: an edit that only changes indentation is another edit', () => {
    assert.notEqual(callSignature('edit', { text: 'a\n  b' }), callSignature('edit', { text: 'a\n    b' }));
  });

  it('masks timestamps, dates, durations, temp paths, pids, addresses and traceback line numbers', () => {
    const a = normalizeObservation('2025-11-18T23:48:54Z run pid 4242 at 0x7f3a2c1b9e80 in /tmp/pytest-of-root/p3/x.txt\nDec  4 20:23 log\nRan 3 tests in 0.002s\n  File "a.py", line 12, in f\n\u001b[31mred\u001b[0m\r\n\n\n\nend');
    const b = normalizeObservation('2024-01-02T10:11:12.5+02:00 run pid 17 at 0x55aa11bb22cc in /tmp/pytest-of-root/p9/x.txt\nJan 12  2024 log\nRan 3 tests in 1.5 seconds\n  File "a.py", line 99, in f\nred\n\nend');
    assert.equal(a, b);
    assert.notEqual(normalizeObservation('compiling 3 of 9'), normalizeObservation('compiling 4 of 9'), 'real progress stays visible');
  });
});

describe('loop watch: error signatures', () => {
  it('is null for a success, and names the last error line of a failure', () => {
    assert.equal(errorOf('all good', false, false), null);
    const error = errorOf('Traceback (most recent call last):\n  File "x.py", line 3\nImportError: cannot import name \'Config\'', true, false);
    assert.match(error?.headline ?? '', /^ImportError: cannot import name 'Config'$/);
  });

  it('reads linter rejections out of an edit that was recorded as a success', () => {
    const text = 'Your proposed edit has introduced new syntax error(s).\nERRORS:\n- E999 IndentationError: unexpected indent\n12: x';
    assert.ok(errorOf(text, false, true));
    assert.equal(errorOf(text, false, false), null, 'a successful read of such text is not an error');
  });

  it('does not take code that mentions an exception for an error line', () => {
    assert.equal(errorOf('    raise ValueError("bad")\n    except KeyError:', false, true), null);
  });

  it('gives a failure without error lines a signature from its first and last lines', () => {
    const one = errorOf('something odd\nexit now', true, false);
    assert.equal(one?.hash, errorOf('something odd\nexit now', true, false)?.hash);
    assert.notEqual(one?.hash, errorOf('something else\nexit now', true, false)?.hash);
  });
});

describe('loop watch: call kinds', () => {
  it('knows Crux tools, OpenHands\' editor, SWE-agent commands and mini-swe-agent\'s submit', () => {
    assert.equal(classifyCall('read_file', { path: 'a' }, 'read'), 'read');
    assert.equal(classifyCall('edit_file', {}, 'edit'), 'edit');
    assert.equal(classifyCall('str_replace_editor', { command: 'view', path: '/' }, 'read'), 'read');
    assert.equal(classifyCall('str_replace_editor', { command: 'undo_edit', path: '/' }, 'edit'), 'edit');
    assert.equal(classifyCall('bash', { command: 'edit 1:3\nx\nend_of_edit' }, 'execute'), 'edit');
    assert.equal(classifyCall('bash', { command: 'open a.py 20' }, 'execute'), 'read');
    assert.equal(classifyCall('bash', { command: 'submit' }, 'execute'), 'finish');
    assert.equal(classifyCall('bash', { command: 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git diff' }, 'execute'), 'finish');
    assert.equal(classifyCall('run_command', { command: 'pytest' }, 'execute'), 'execute');
    assert.equal(classifyCall('finish', { summary: 'x' }, 'read'), 'finish');
  });
});
