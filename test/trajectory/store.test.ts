import { strict as assert } from 'node:assert';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrajectoryHeader, TrajectoryOutcome } from '../../src/trajectory/format';
import { serializeRecord } from '../../src/trajectory/jsonl';
import { summarizeRun } from '../../src/trajectory/run-summary';
import { TrajectoryStore, TrajectoryStoreError } from '../../src/trajectory/store';
import { recordRun, sampleRun, tempDir, type TempDir } from './fixtures';

function header(runId: string, index: number): TrajectoryHeader {
  return {
    kind: 'header', format: 'crux.trajectory/1', runId, createdAt: new Date(Date.UTC(2025, 0, 1) + index * 1000).toISOString(),
    task: { id: `task-${index % 100}`, text: `Task number ${index}\nwith details` }, repository: { remote: 'github.com/acme/app', commit: 'abc' },
    model: { name: 'm', serverKind: 'vllm', serverUrl: null }, sampling: {}, toolFormat: 'native', tools: [], maxSteps: 10,
    cruxVersion: '0.1.0', consent: 'local', parent: null, source: { agent: 'crux', format: 'crux.trajectory/1', file: null },
  };
}

function outcome(index: number): TrajectoryOutcome {
  return {
    kind: 'outcome', t: 1, end: index % 3 === 0 ? 'step-limit' : 'finished', message: 'm', summary: null, patch: '', emptyPatch: true,
    steps: index % 17, usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, invalidToolCalls: 0, test: null,
    verdict: null, resolved: index % 2 === 0,
  };
}

/** Writes `count` small run files and their index entries, as the recorder would. */
function fillStore(store: TrajectoryStore, count: number): void {
  store.prepare();
  let index = '';
  for (let i = 0; i < count; i++) {
    const runId = `run-${String(i).padStart(5, '0')}`;
    writeFileSync(store.pathOf(runId), serializeRecord(header(runId, i)) + serializeRecord(outcome(i)));
    index += `${JSON.stringify({ v: 1, ...summarizeRun(header(runId, i), outcome(i), `${runId}.jsonl`) })}\n`;
  }
  writeFileSync(store.indexPath, index);
}

describe('TrajectoryStore', () => {
  let dir: TempDir;
  let store: TrajectoryStore;
  beforeEach(() => {
    dir = tempDir();
    store = new TrajectoryStore(join(dir.path, 'trajectories'));
  });
  afterEach(() => dir.remove());

  describe('with 10,000 runs', function () {
    this.timeout(120_000);
    const COUNT = 10_000;

    it('lists them from the index alone, newest first', async () => {
      fillStore(store, COUNT);
      // Garble every run file: a listing that still comes out right did not read them.
      for (const name of readdirSync(store.dir)) {
        if (name.startsWith('run-')) writeFileSync(join(store.dir, name), 'garbage\n');
      }
      const runs = await store.list();
      assert.equal(runs.length, COUNT);
      assert.equal(runs[0]?.runId, 'run-09999');
      assert.equal(runs.at(-1)?.runId, 'run-00000');
      assert.equal(runs[0]?.title, 'Task number 9999');
      assert.equal(runs.find((run) => run.runId === 'run-00003')?.end, 'step-limit');
    });

    it('rebuilds the index from the files when it is deleted or damaged', async () => {
      fillStore(store, COUNT);
      const expected = await store.list();
      rmSync(store.indexPath);
      assert.deepEqual(await store.list(), expected);
      assert.ok(existsSync(store.indexPath), 'the index is written again');

      const lines = readFileSync(store.indexPath, 'utf8').split('\n');
      lines[5000] = '{"v": 1, "runId": 42, "garbled';
      writeFileSync(store.indexPath, lines.join('\n'));
      assert.deepEqual(await store.list(), expected);
    });
  });

  it('recovers from an index whose last line was cut short, and picks up runs it never heard of', async () => {
    fillStore(store, 5);
    appendFileSync(store.indexPath, '{"v":1,"runId":"run-000');
    writeFileSync(store.pathOf('copied-in'), serializeRecord(header('copied-in', 99)));
    rmSync(store.pathOf('run-00002'));
    const runs = await store.list();
    assert.deepEqual(runs.map((run) => run.runId), ['copied-in', 'run-00004', 'run-00003', 'run-00001', 'run-00000']);
    assert.equal(runs[0]?.end, null, 'a run without an outcome');
  });

  it('refreshes the entry of a run that had not ended when it was indexed', async () => {
    const events = sampleRun('x', 'live-run');
    const recorder = recordRun(store.dir, events.slice(0, 5), { store });
    assert.equal((await store.list())[0]?.end, null);
    // The run ends, but its index line is lost (as to a concurrent compaction).
    const indexBefore = readFileSync(store.indexPath);
    recorder.handle(events.at(-1) ?? events[0]!);
    writeFileSync(store.indexPath, indexBefore);
    assert.equal((await store.list())[0]?.end, 'finished');
  });

  it('deletes a run everywhere: its file and every index line, leaving no trace', async () => {
    const secretTask = 'Refactor the payroll module for ACME-4471';
    recordRun(store.dir, sampleRun(secretTask, 'doomed-run'), { store });
    recordRun(store.dir, sampleRun('other task', 'kept-run'), { store });
    await store.updateOutcome('doomed-run', { kind: 'outcome-update', t: 1, verdict: 'accept', origin: 'user' });
    await store.delete('doomed-run');
    for (const name of readdirSync(store.dir)) {
      const text = readFileSync(join(store.dir, name), 'utf8');
      assert.ok(!text.includes('doomed-run'), `${name} still names the run`);
      assert.ok(!text.includes('ACME-4471'), `${name} still holds its task`);
    }
    assert.deepEqual((await store.list()).map((run) => run.runId), ['kept-run']);
  });

  it('applies outcome updates by appending, never rewriting the events', async () => {
    recordRun(store.dir, sampleRun('x', 'run-a'), { store });
    const before = readFileSync(store.pathOf('run-a'));
    const after = await store.updateOutcome('run-a', { kind: 'outcome-update', t: 2, verdict: 'reject', resolved: false, origin: 'user' });
    assert.equal(after.verdict, 'reject');
    assert.equal(after.resolved, false);
    assert.ok(readFileSync(store.pathOf('run-a')).subarray(0, before.length).equals(before));
    assert.equal((await store.read('run-a')).outcome?.verdict, 'reject');
    assert.equal((await store.list())[0]?.verdict, 'reject');
  });

  it('refuses an outcome update for a run that never ended', async () => {
    recordRun(store.dir, sampleRun('x', 'crashed').slice(0, 4), { store });
    await assert.rejects(store.updateOutcome('crashed', { kind: 'outcome-update', t: 1, verdict: 'accept', origin: 'user' }), TrajectoryStoreError);
  });

  it('finds runs by id or unique prefix, and says when a prefix is ambiguous or too short', async () => {
    fillStore(store, 3);
    assert.equal((await store.find('run-00001')).runId, 'run-00001');
    writeFileSync(store.pathOf('zeta-1'), serializeRecord(header('zeta-1', 50)));
    assert.equal((await store.find('zeta')).runId, 'zeta-1');
    await assert.rejects(store.find('run-0'), /matches 3 runs/);
    await assert.rejects(store.find('ze'), /no run "ze"/);
  });

  it('keeps itself out of git, and lists an absent folder as empty without creating it', async () => {
    const absent = new TrajectoryStore(join(dir.path, 'nowhere'));
    assert.deepEqual(await absent.list(), []);
    assert.ok(!existsSync(absent.dir));
    mkdirSync(store.dir, { recursive: true });
    store.prepare();
    assert.match(readFileSync(join(store.dir, '.gitignore'), 'utf8'), /^\*$/m);
    assert.throws(() => store.pathOf('../x'), TrajectoryStoreError);
  });
});
