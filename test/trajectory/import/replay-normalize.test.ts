// What replay treats as the same observation.
import { strict as assert } from 'node:assert';
import { commandBody, normalizeOutput } from '../../../src/trajectory/replay-normalize';

describe('replay normalization', () => {
  const same = (a: string, b: string, roots: string[] = []) => assert.equal(normalizeOutput(a, { roots }), normalizeOutput(b, { roots }));
  const differ = (a: string, b: string) => assert.notEqual(normalizeOutput(a, { roots: [] }), normalizeOutput(b, { roots: [] }));

  it('ignores timings, timestamps, temp folders, hashes, addresses, colours and line endings', () => {
    same('Ran 3 tests in 0.004s\nOK', 'Ran 3 tests in 1.250s\nOK');
    same('done in 35 ms', 'done in 120 ms');
    same('2024-12-04T20:36:00.123Z started', '2025-01-01 08:00:01 started');
    same('-rw-r--r-- 1 root root 9 Dec  4 20:36 a.py', '-rw-r--r-- 1 root root 9 Jan 17 09:01 a.py');
    same('[main 1a2b3c4] fix', '[main 9f8e7d6] fix');
    same('<object at 0x7f3a2b1c4d50>', '<object at 0x7f00deadbeef>');
    same('/tmp/crux-repo-abc123/calc.js:2', '/tmp/crux-repo-XYZ789/calc.js:2');
    same('\u001b[31mFAIL\u001b[0m\r\n', 'FAIL\n');
    same('/home/me/proj/a.py failed', '/work/ws/a.py failed', ['/home/me/proj', '/work/ws']);
  });

  it('still sees real differences', () => {
    differ('1 passed', '1 failed');
    differ('AssertionError: 5 != -1', 'AssertionError: 5 != 6');
    differ('a.py\nb.py', 'a.py');
  });

  it('takes the body of run_command observations', () => {
    assert.equal(commandBody('Exit code: 0\nOutput:\nhello'), 'hello');
    assert.equal(commandBody('Exit code: 1\nOutput (middle cut to fit; start and end kept):\nx'), 'x');
    assert.equal(commandBody('Exit code: 0\n(no output)'), '');
    assert.equal(commandBody('plain output'), 'plain output');
  });
});
