import { strict as assert } from 'node:assert';
import { runPool } from '../../src/rollout/pool';

describe('runPool', () => {
  it('never has more than `concurrency` jobs in flight, and runs every job', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await runPool(Array.from({ length: 20 }, (_, i) => i), 4, async (i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, (i % 3) * 5));
      inFlight--;
      done.push(i);
    }, new AbortController().signal);
    assert.equal(most, 4);
    assert.equal(done.length, 20);
  });

  it('starts no new job once aborted', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6], 2, async (i) => {
      started.push(i);
      if (i === 2) controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }, controller.signal);
    assert.deepEqual(started, [1, 2]);
  });
});
