// Run files of any size: the reader streams (no whole-file read), and the recorder stops
// recording events at a size limit, saying so in the outcome.
import { strict as assert } from 'node:assert';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentEvent } from '../../src/agent/events';
import { forEachLine, parseTrajectory, readTrajectoryFile, serializeTrajectory } from '../../src/trajectory/jsonl';
import { TrajectoryStore } from '../../src/trajectory/store';
import { recordRun, sampleRun, tempDir, type TempDir } from './fixtures';

describe('run file limits', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it('reads a run streamed in tiny chunks exactly as a whole-file parse, multi-byte text and a cut-off last line included', async () => {
    const recorder = recordRun(dir.path, sampleRun('naïve café 日本語 🚀 text'));
    recorder.close();
    const text = `${serializeTrajectory(await readTrajectoryFile(recorder.path ?? ''))}{"kind":"event","seq":`;
    const file = join(dir.path, 'cut.jsonl');
    writeFileSync(file, text);
    const whole = parseTrajectory(text, file);
    assert.match(whole.problems.join('\n'), /truncated last line/);
    for (const chunkBytes of [1, 2, 3, 7, 64, 4096]) {
      assert.deepEqual(await readTrajectoryFile(file, { chunkBytes }), whole, `chunk ${chunkBytes}`);
    }
  });

  it('never holds more than a chunk and a line: lines arrive as the file is read', async () => {
    const file = join(dir.path, 'lines.txt');
    const line = 'x'.repeat(100);
    writeFileSync(file, `${line}\n`.repeat(1000));
    const size = statSync(file).size;
    let longest = 0;
    let count = 0;
    await forEachLine(file, 256, (text, terminated) => {
      longest = Math.max(longest, text.length);
      assert.equal(terminated, true);
      count++;
    });
    assert.equal(count, 1000);
    assert.equal(longest, 100);
    assert.ok(size > 100 * 256, 'the file is many chunks long');
  });

  it('stops recording events at the size limit and says so in the outcome', async () => {
    const events: AgentEvent[] = sampleRun('a long observation '.repeat(200));
    const store = new TrajectoryStore(dir.path);
    const recorder = recordRun(dir.path, events, { store, maxFileBytes: 8 * 1024 });
    recorder.close();
    assert.equal(recorder.status.kind, 'finished');
    const trajectory = await readTrajectoryFile(recorder.path ?? '');
    assert.ok(statSync(recorder.path ?? '').size < 8 * 1024 + 64 * 1024, 'the file stays near the limit (plus the outcome)');
    const full = recordRun(join(dir.path, 'full'), events, { store: new TrajectoryStore(join(dir.path, 'full')) });
    full.close();
    const all = await readTrajectoryFile(full.path ?? '');
    assert.ok(trajectory.events.length < all.events.length, 'events past the limit are dropped');
    assert.match(trajectory.outcome?.message ?? '', /Recording stopped at the run file's size limit: events after #\d+ are missing/);
    assert.deepEqual(trajectory.problems, []);
  });
});
