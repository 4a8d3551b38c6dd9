// A recording must survive its process being killed at any moment: every event the recorder
// had finished writing is readable, and a line cut short by the kill is reported, not fatal.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { eventRecord } from '../../src/trajectory/event-records';
import type { TrajectoryEvent } from '../../src/trajectory/format';
import { parseTrajectory } from '../../src/trajectory/jsonl';
import { appendOutcomeUpdate, TrajectoryStore } from '../../src/trajectory/store';
import { recordRun, sampleRun, tempDir } from './fixtures';
import { ENDLESS_RUN_ID, endlessEvent } from './support/endless-run';

const CHILD = join(__dirname, 'support', 'record-until-killed.ts');
const ROUNDS = 12;

function withoutTime(event: TrajectoryEvent): TrajectoryEvent {
  return { ...event, t: 0 };
}

async function recordUntilKilled(storeDir: string, progressFile: string, delayMs: number): Promise<void> {
  const child = spawn(process.execPath, ['-r', require.resolve('tsx/cjs'), CHILD, storeDir, progressFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the child exited early (${String(code)})`)));
  });
  await delay(delayMs);
  child.kill('SIGKILL');
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
}

function acknowledged(progressFile: string): number {
  const lines = readFileSync(progressFile, 'utf8').split('\n');
  lines.pop(); // the part after the last newline is not a complete number
  return lines.length === 0 ? 0 : Number(lines.at(-1));
}

describe('recording durability', function () {
  this.timeout(180_000);

  it(`keeps every event written before a SIGKILL (${ROUNDS} kills at random points)`, async () => {
    const delays: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const dir = tempDir('crux-kill-');
      const delayMs = Math.floor(Math.random() * 60);
      delays.push(delayMs);
      try {
        const progress = join(dir.path, 'progress');
        writeFileSync(progress, '');
        await recordUntilKilled(dir.path, progress, delayMs);
        const written = acknowledged(progress);
        const text = readFileSync(join(dir.path, `${ENDLESS_RUN_ID}.jsonl`), 'utf8');
        const trajectory = parseTrajectory(text);
        const context = `round ${round}, killed after ${delayMs} ms, ${written} events acknowledged`;
        assert.ok(trajectory.events.length >= written, `${context}: only ${trajectory.events.length} events readable`);
        trajectory.events.forEach((event, index) => {
          const expected = eventRecord(endlessEvent(index + 1), index + 1, 0);
          assert.deepEqual(withoutTime(event), expected, `${context}: event ${index + 1}`);
        });
        assert.ok(trajectory.problems.length <= 1, `${context}: ${trajectory.problems.join('; ')}`);
        for (const problem of trajectory.problems) assert.match(problem, /truncated last line/, context);
        assert.equal(trajectory.outcome, null);
        const [summary] = await new TrajectoryStore(dir.path).list();
        assert.equal(summary?.runId, ENDLESS_RUN_ID, context);
        assert.equal(summary?.end, null, context);
      } finally {
        dir.remove();
      }
    }
    assert.equal(delays.length, ROUNDS);
  });

  it('reads a file cut at any byte: every whole line kept, a cut line reported, never a crash', () => {
    const dir = tempDir();
    try {
      const recorder = recordRun(dir.path, sampleRun('cut me anywhere'));
      const full = readFileSync(recorder.path ?? '');
      const lineEnds = [...full.entries()].filter(([, byte]) => byte === 0x0a).map(([offset]) => offset);
      const headerEnd = lineEnds[0] ?? 0;
      const complete = parseTrajectory(full.toString('utf8'));
      for (let cut = headerEnd + 1; cut < full.length; cut += 3) {
        const text = full.subarray(0, cut).toString('utf8');
        const partial = parseTrajectory(text);
        // A line whose text is whole is readable even when the cut took only its newline.
        const wholeLines = lineEnds.filter((end) => end <= cut).length;
        const events = Math.max(0, Math.min(wholeLines - 1, complete.events.length));
        assert.deepEqual(partial.events, complete.events.slice(0, events), `cut at ${cut}`);
        const cutMidLine = !lineEnds.includes(cut) && !lineEnds.includes(cut - 1);
        assert.equal(partial.problems.some((problem) => /truncated last line/.test(problem)), cutMidLine, `cut at ${cut}`);
      }
      // Appending after a cut starts a fresh line: the new record is intact.
      const cutPath = join(dir.path, 'cut.jsonl');
      writeFileSync(cutPath, full.subarray(0, (lineEnds[3] ?? 0) + 20));
      appendOutcomeUpdate(cutPath, { kind: 'outcome-update', t: 1, verdict: 'accept', origin: 'user' });
      const lines = readFileSync(cutPath, 'utf8').trimEnd().split('\n');
      assert.deepEqual(JSON.parse(lines.at(-1) ?? ''), { kind: 'outcome-update', t: 1, verdict: 'accept', origin: 'user' });
    } finally {
      dir.remove();
    }
  });
});
