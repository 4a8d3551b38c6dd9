// `crux import` never replaces a complete (or longer) copy of a run with a truncated one, in
// one import or across imports into the same folder.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTrajectoryFile } from '../../src/trajectory/jsonl';
import { runCli } from '../support/cli';
import { knownTask, writeRuns } from '../align/synthetic';

/** A complete Crux run file and a copy cut off half way (the same header, so the same run id). */
function runFiles(scratch: string): { complete: string; truncated: string } {
  const [complete] = writeRuns(join(scratch, 'a'), knownTask().slice(0, 1));
  const lines = readFileSync(complete!, 'utf8').split('\n').filter((line) => line !== '');
  mkdirSync(join(scratch, 'b'));
  const truncated = join(scratch, 'b', 'good0.jsonl');
  writeFileSync(truncated, `${lines.slice(0, Math.ceil(lines.length / 2)).join('\n')}\n`);
  return { complete: complete!, truncated };
}

describe('crux import keeps the most complete copy of a run (end to end)', function () {
  this.timeout(120_000);
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'crux-import-keep-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  async function onlyOutput(out: string) {
    const files = readdirSync(out).filter((name) => name.endsWith('.jsonl'));
    assert.equal(files.length, 1, files.join(', '));
    return readTrajectoryFile(join(out, files[0]!));
  }

  it('a later truncated copy does not replace the complete one, in one import or the next', async () => {
    const { complete, truncated } = runFiles(scratch);
    const out = join(scratch, 'out');
    const first = await runCli(['import', complete, truncated, '--out', out]);
    const kept = await onlyOutput(out);
    assert.notEqual(kept.outcome, null, first.stdout + first.stderr);
    const events = kept.events.length;
    assert.match(first.stderr, /more complete copy of this run is already at/);

    const again = await runCli(['import', truncated, '--out', out]);
    assert.match(again.stderr, /kept that one/);
    const still = await onlyOutput(out);
    assert.equal(still.events.length, events);
    assert.notEqual(still.outcome, null);
  });

  it('a complete copy replaces a truncated one imported before', async () => {
    const out = join(scratch, 'out');
    const { complete, truncated } = runFiles(scratch);
    await runCli(['import', truncated, '--out', out]);
    const before = await onlyOutput(out);
    await runCli(['import', complete, '--out', out]);
    const after = await onlyOutput(out);
    assert.ok(after.events.length > before.events.length);
    assert.notEqual(after.outcome, null);
  });
});
