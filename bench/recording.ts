// Recording overhead: what the trajectory recorder costs per recorded event (mapping, redaction,
// JSON, a synchronous append, index lines) against a bare fs.writeSync of the very bytes it
// wrote, in the same process, on the same disk. Also: the same without redaction (to split the
// cost), with fsync on both sides, and how fast the store lists and re-indexes 10,000 runs.
// Run: node --import tsx bench/recording.ts
import { closeSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../src/agent/events';
import { serializeRecord } from '../src/trajectory/jsonl';
import { Redactor } from '../src/trajectory/privacy/redactor';
import { TrajectoryRecorder } from '../src/trajectory/recorder';
import { summarizeRun } from '../src/trajectory/run-summary';
import { TrajectoryStore } from '../src/trajectory/store';
import type { BenchReport } from './report';
import { benchmarkRun } from './recording-workload';

const REPETITIONS = 11;
const RUNS_IN_STORE = 10_000;

/** Measures serialization and writing alone, by passing values through untouched. */
class NoRedaction extends Redactor {
  override redactValue<T>(value: T): T {
    return value;
  }
}

interface Timing {
  records: number;
  bytes: number;
  recorderMs: number;
  bareMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function recordOnce(events: AgentEvent[], redactor: Redactor, fsync: boolean, scratch: string): Timing {
  const dir = mkdtempSync(join(scratch, 'rec-'));
  const recorder = new TrajectoryRecorder({ store: new TrajectoryStore(dir), consent: 'local', redactor, fsync });
  const started = performance.now();
  for (const event of events) recorder.handle(event);
  const recorderMs = performance.now() - started;
  recorder.close();
  const written = readFileSync(recorder.path ?? '');
  const lines: Buffer[] = [];
  for (let start = 0; start < written.length;) {
    const end = written.indexOf(0x0a, start) + 1;
    lines.push(written.subarray(start, end));
    start = end;
  }
  // The baseline: the same bytes, one writeSync per record, to a fresh file opened for append.
  const fd = openSync(join(dir, 'bare.jsonl'), 'a');
  const bareStarted = performance.now();
  for (const line of lines) {
    writeSync(fd, line);
    if (fsync) fsyncSync(fd);
  }
  const bareMs = performance.now() - bareStarted;
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
  return { records: lines.length, bytes: written.length, recorderMs, bareMs };
}

function measure(events: AgentEvent[], makeRedactor: () => Redactor, fsync: boolean, repetitions: number, scratch: string) {
  recordOnce(events, makeRedactor(), fsync, scratch); // warm-up
  const timings = Array.from({ length: repetitions }, () => recordOnce(events, makeRedactor(), fsync, scratch));
  const first = timings[0] as Timing;
  const recorderUs = (median(timings.map((t) => t.recorderMs)) * 1000) / first.records;
  const bareUs = (median(timings.map((t) => t.bareMs)) * 1000) / first.records;
  return { records: first.records, bytes: first.bytes, recorderUs, bareUs, ratio: recorderUs / bareUs };
}

async function storeListing(scratch: string): Promise<{ listMs: number; rebuildMs: number }> {
  const store = new TrajectoryStore(join(scratch, 'store'));
  mkdirSync(store.dir, { recursive: true });
  let index = '';
  for (let i = 0; i < RUNS_IN_STORE; i++) {
    const runId = `run-${i}`;
    const header = {
      kind: 'header' as const, format: 'crux.trajectory/1' as const, runId, createdAt: new Date(1.7e12 + i * 1000).toISOString(),
      task: { id: `t${i % 50}`, text: `Task ${i}` }, repository: { remote: 'github.com/acme/app', commit: 'abc' },
      model: { name: 'm', serverKind: 'vllm', serverUrl: null }, sampling: {}, toolFormat: 'native', tools: [], maxSteps: 50,
      cruxVersion: '0.1.0', consent: 'local' as const, parent: null, source: { agent: 'crux', format: 'crux.trajectory/1', file: null },
    };
    const outcome = {
      kind: 'outcome' as const, t: 1, end: 'finished' as const, message: 'done', summary: null, patch: '', emptyPatch: true, steps: 5,
      usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, invalidToolCalls: 0, test: null, verdict: null, resolved: true,
    };
    writeFileSync(store.pathOf(runId), serializeRecord(header) + serializeRecord(outcome));
    index += `${JSON.stringify({ v: 1, ...summarizeRun(header, outcome, `${runId}.jsonl`) })}\n`;
  }
  writeFileSync(store.indexPath, index);
  let started = performance.now();
  const listed = await store.list();
  const listMs = performance.now() - started;
  rmSync(store.indexPath);
  started = performance.now();
  const rebuilt = await store.list();
  const rebuildMs = performance.now() - started;
  if (listed.length !== RUNS_IN_STORE || rebuilt.length !== RUNS_IN_STORE) throw new Error('the store lost runs');
  return { listMs, rebuildMs };
}

export async function run(): Promise<BenchReport> {
  const scratch = mkdtempSync(join(tmpdir(), 'crux-bench-rec-'));
  try {
    const events = benchmarkRun(process.cwd());
    const full = measure(events, () => new Redactor(), false, REPETITIONS, scratch);
    const plain = measure(events, () => new NoRedaction(), false, REPETITIONS, scratch);
    const synced = measure(events, () => new Redactor(), true, 3, scratch);
    const listing = await storeListing(scratch);
    const row = (name: string, m: ReturnType<typeof measure>) => ({
      case: name, count: m.records, kib_each: Number((m.bytes / m.records / 1024).toFixed(1)),
      crux_us_each: Number(m.recorderUs.toFixed(1)), bare_writeSync_us_each: Number(m.bareUs.toFixed(1)), ratio: Number(m.ratio.toFixed(1)),
    });
    const perRun = (ms: number) => Number(((ms * 1000) / RUNS_IN_STORE).toFixed(1));
    const rows: Record<string, string | number>[] = [
      row('record (redaction on) vs bare writeSync of the same bytes', full),
      row('record, redaction off (to split the cost)', plain),
      row('record with fsync vs writeSync + fsync', synced),
      { case: `list ${RUNS_IN_STORE} runs from the index (per run)`, count: RUNS_IN_STORE, kib_each: '-', crux_us_each: perRun(listing.listMs), bare_writeSync_us_each: '-', ratio: '-' },
      { case: `rebuild the index of ${RUNS_IN_STORE} runs (per run)`, count: RUNS_IN_STORE, kib_each: '-', crux_us_each: perRun(listing.rebuildMs), bare_writeSync_us_each: '-', ratio: '-' },
    ];
    const redactionShare = 1 - plain.recorderUs / full.recorderUs;
    const summary =
      `recorder ${full.recorderUs.toFixed(0)} µs/record vs bare writeSync ${full.bareUs.toFixed(1)} µs (${full.ratio.toFixed(1)}x; ` +
      `${(redactionShare * 100).toFixed(0)}% of it redaction; ${(full.bytes / full.records / 1024).toFixed(1)} KiB/record); ` +
      `with fsync on both ${synced.ratio.toFixed(1)}x; list ${RUNS_IN_STORE} runs ${listing.listMs.toFixed(0)} ms, rebuild the index ${listing.rebuildMs.toFixed(0)} ms`;
    console.log(summary);
    for (const r of rows) console.log(JSON.stringify(r));
    const resultsDir = join(process.cwd(), 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'recording.json'), `${JSON.stringify({ name: 'recording', date: new Date().toISOString(), node: process.version, cpus: cpus().length, rows }, null, 2)}\n`);
    return { name: 'recording', summary, rows };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (/[\\/]bench[\\/]recording\.ts$/.test(process.argv[1] ?? '')) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
