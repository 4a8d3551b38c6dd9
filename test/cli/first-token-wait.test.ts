// The "waiting for the first token … N s" display: in place on a terminal, sparse lines in a log.
import { strict as assert } from 'node:assert';
import { createWaitDisplay } from '../../src/cli/first-token-wait';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('CLI: waiting for the first token', () => {
  it('writes a log line at 10, 30 and 60 s of waiting and nothing once a token arrived', async () => {
    let now = 0;
    const lines: string[] = [];
    const wait = createWaitDisplay({ write: (line) => lines.push(line), tickMs: 2, now: () => now });
    wait.start(1);
    for (const at of [5_000, 10_000, 12_000, 30_000, 61_000]) {
      now = at;
      await sleep(10);
    }
    wait.stop();
    now = 200_000;
    await sleep(10);
    assert.deepEqual(lines, ['  waiting for the first token … 10 s', '  waiting for the first token … 30 s', '  waiting for the first token … 61 s']);
  });

  it('counts in place on a terminal and clears the line when the wait ends', async () => {
    let now = 0;
    const shown: string[] = [];
    const wait = createWaitDisplay({ write: () => assert.fail('no log lines on a terminal'), rewrite: (text) => shown.push(text), tickMs: 2, now: () => now });
    wait.start(1);
    now = 3_000;
    await sleep(10);
    wait.stop();
    assert.equal(shown.at(-1), '');
    assert.ok(shown.includes('  waiting for the first token … 3 s'), shown.join('|'));
  });
});
