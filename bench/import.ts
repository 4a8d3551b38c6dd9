// Import throughput: MB of other agents' run files turned into Crux trajectories per second,
// over the shared eval-data set, in total and per source format. The floor is JSON.parse of
// the same bytes (the least any importer must do); "with write" adds serializing each run as
// crux import does. Run: node --import tsx bench/import.ts
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { loadRuns, type LoadedRun } from '../src/trajectory/import';
import { serializeTrajectory } from '../src/trajectory/jsonl';
import type { BenchReport } from './report';

const EVAL_DATA = join(__dirname, '..', '..', 'shared', 'eval-data');
const REPETITIONS = 7;
/** Target on a 2-core machine: the whole eval-data set (11 MB) in well under a second. */
const TARGET_MB_S = 20;

interface Group {
  format: string;
  files: string[];
  bytes: number;
  runs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timeMs(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Runs `work` once to warm up, then REPETITIONS times; the median in MB/s. */
async function throughput(bytes: number, work: () => Promise<unknown>): Promise<number> {
  await work();
  const runs: number[] = [];
  for (let i = 0; i < REPETITIONS; i++) runs.push(await timeMs(work));
  return bytes / 1e6 / (median(runs) / 1000);
}

async function parseFloor(files: string[]): Promise<void> {
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    try {
      JSON.parse(text);
    } catch {
      for (const line of text.split('\n')) if (line.trim() !== '') JSON.parse(line);
    }
  }
}

async function importAndWrite(files: string[]): Promise<number> {
  const { runs } = await loadRuns(files);
  let written = 0;
  for (const run of runs) written += serializeTrajectory(run.trajectory).length;
  return written;
}

function groups(runs: LoadedRun[]): Group[] {
  const byFormat = new Map<string, Group>();
  const seen = new Set<string>();
  for (const run of runs) {
    const group = byFormat.get(run.format) ?? { format: run.format, files: [], bytes: 0, runs: 0 };
    byFormat.set(run.format, group);
    group.runs++;
    if (seen.has(run.file)) continue;
    seen.add(run.file);
    group.files.push(run.file);
    group.bytes += statSync(run.file).size;
  }
  return [...byFormat.values()].sort((a, b) => b.bytes - a.bytes);
}

export async function run(): Promise<BenchReport> {
  if (!existsSync(EVAL_DATA)) throw new Error(`the import benchmark reads the eval-data set at ${EVAL_DATA}, which is not there`);
  const all = await loadRuns([EVAL_DATA]);
  if (all.errors.length > 0) throw new Error(`eval-data files failed to import: ${all.errors.map((e) => e.file).join(', ')}`);
  const perFormat = groups(all.runs);
  const files = perFormat.flatMap((group) => group.files);
  const bytes = perFormat.reduce((sum, group) => sum + group.bytes, 0);
  const rows: Record<string, string | number>[] = [];
  for (const group of [...perFormat, { format: 'all', files, bytes, runs: all.runs.length }]) {
    const importMbS = await throughput(group.bytes, () => loadRuns(group.files));
    const writeMbS = await throughput(group.bytes, () => importAndWrite(group.files));
    const floorMbS = await throughput(group.bytes, () => parseFloor(group.files));
    rows.push({
      format: group.format, files: group.files.length, runs: group.runs, MB: Number((group.bytes / 1e6).toFixed(2)),
      import_MB_s: Number(importMbS.toFixed(1)), with_write_MB_s: Number(writeMbS.toFixed(1)),
      json_parse_MB_s: Number(floorMbS.toFixed(1)), vs_floor: Number((importMbS / floorMbS).toFixed(2)),
    });
  }
  const total = rows[rows.length - 1] as Record<string, number>;
  const slowest = rows.slice(0, -1).reduce((min, row) => Math.min(min, row.import_MB_s as number), Infinity);
  const met = (total.import_MB_s ?? 0) >= TARGET_MB_S;
  const result = { name: 'import', date: new Date().toISOString(), node: process.version, cpus: cpus().length, repetitions: REPETITIONS, rows };
  mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(process.cwd(), 'bench', 'results', 'import.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`import throughput over eval-data (median of ${REPETITIONS}, node ${process.version}, ${cpus().length} CPUs)`);
  console.table(rows);
  return {
    name: 'import',
    summary: `${total.import_MB_s} MB/s over ${total.MB} MB (${all.runs.length} runs; slowest format ${slowest} MB/s; ` +
      `${total.with_write_MB_s} MB/s with writing; JSON.parse alone ${total.json_parse_MB_s} MB/s); target ≥${TARGET_MB_S} MB/s: ${met ? 'met' : 'NOT met'}`,
    rows,
  };
}

if (require.main === module) {
  run().then((report) => console.log(report.summary), (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
