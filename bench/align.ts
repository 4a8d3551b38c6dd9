// Alignment pipeline throughput and memory: index, build trees, score, find key actions and
// write DPO pairs for many synthetic runs (default 100,000 runs of 40 steps over 1,000 tasks),
// against a baseline that only reads and parses the same files, in the same benchmark run.
// Each phase runs in its own Node process, so its peak RSS is its own. The files are
// generated first (untimed) into a temp folder, spread over 256 sub-folders by a hash of the
// run id so a task's runs are scattered and the pipeline really has to group them.
// Size: env CRUX_BENCH_ALIGN_RUNS / _TASKS / _STEPS / _REPS, or --runs/--tasks/--steps/--reps.
// Run: node --import tsx bench/align.ts [--runs 10000 --tasks 100]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunImporter, loopWatchStuck } from '../src/align/adapters';
import { defaultAlignConfig } from '../src/align/config';
import { writePairs } from '../src/align/export';
import { DEFAULT_EXPORT_OPTIONS } from '../src/align/pairs';
import { createPool, openRunSet } from '../src/align/pipeline';
import { listTrajectoryFiles } from '../src/align/source';
import { readTrajectoryFile, serializeTrajectory } from '../src/trajectory/jsonl';
import { DEFAULT_WATCH_CONFIG } from '../src/watch/config';
import { makeTrajectory, randomTaskSet, seededRandom } from '../test/align/synthetic';
import type { BenchReport } from './report';

export interface AlignBenchOptions {
  runs: number;
  tasks: number;
  steps: number;
  /** Measured repetitions of each timed phase (alternating); the best is reported. */
  repetitions: number;
}

interface PhaseResult {
  phase: string;
  ms: number;
  runs: number;
  maxRssMb: number;
  pairs?: number;
  keyActions?: number;
  /** Generation only: bytes written, and the most bytes of one task. */
  bytes?: number;
  largestTaskBytes?: number;
}

const SELF = __filename;
const CONCURRENCY = 8;

function sizeFromEnvAndArgs(): AlignBenchOptions {
  const arg = (name: string): string | undefined => {
    const index = process.argv.indexOf(`--${name}`);
    return index >= 0 ? process.argv[index + 1] : undefined;
  };
  const number = (name: string, env: string, fallback: number): number => {
    const value = Number(arg(name) ?? process.env[env] ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} / ${env} must be a positive whole number`);
    return value;
  };
  return {
    runs: number('runs', 'CRUX_BENCH_ALIGN_RUNS', 100_000),
    tasks: number('tasks', 'CRUX_BENCH_ALIGN_TASKS', 1_000),
    steps: number('steps', 'CRUX_BENCH_ALIGN_STEPS', 40),
    repetitions: number('reps', 'CRUX_BENCH_ALIGN_REPS', 2),
  };
}

/** Writes the runs of tasks [from, to) (phase "generate", run in parallel child processes). */
function generate(dir: string, from: number, to: number, runsPerTask: number, steps: number): { runs: number; bytes: number; largestTaskBytes: number } {
  let runs = 0;
  let bytes = 0;
  let largestTaskBytes = 0;
  for (let task = from; task < to; task++) {
    const specs = randomTaskSet(seededRandom(task + 1), { tasks: 1, firstTask: task, runsPerTask, steps, outputChars: 120, unlabelled: 0.02 });
    let taskBytes = 0;
    for (const spec of specs) {
      const bucket = createHash('md5').update(spec.runId).digest('hex').slice(0, 2);
      const folder = join(dir, bucket);
      mkdirSync(folder, { recursive: true });
      const text = serializeTrajectory(makeTrajectory(spec));
      writeFileSync(join(folder, `${spec.runId}.jsonl`), text);
      taskBytes += Buffer.byteLength(text);
      runs++;
    }
    bytes += taskBytes;
    largestTaskBytes = Math.max(largestTaskBytes, taskBytes);
  }
  return { runs, bytes, largestTaskBytes };
}

/** The floor: list the files, then read and parse every one (same reader, same concurrency). */
async function parseOnly(dir: string): Promise<number> {
  const files = await listTrajectoryFiles([dir]);
  let next = 0;
  let events = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const trajectory = await readTrajectoryFile(files[next++] as string);
      events += trajectory.events.length;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (events === 0) throw new Error('no events parsed');
  return files.length;
}

/** The pipeline as `crux pairs` runs it: the loop watch on, `workers` threads reading runs. */
async function pipeline(dir: string, out: string, loopWatch: boolean, workers: number): Promise<{ runs: number; pairs: number; keyActions: number }> {
  const importer = createRunImporter();
  const config = defaultAlignConfig();
  config.filters.dropStuck = loopWatch;
  const pool = createPool(workers, config, { importer: {}, watch: loopWatch ? DEFAULT_WATCH_CONFIG : null }, CONCURRENCY);
  try {
    const set = await openRunSet([dir], importer, pool);
    const report = await writePairs(set, { config, importer, isStuck: loopWatchStuck(), concurrency: CONCURRENCY, pool }, out, DEFAULT_EXPORT_OPTIONS);
    return { runs: report.summary.runs, pairs: report.pairs, keyActions: report.summary.keyActions };
  } finally {
    await pool?.close();
  }
}

/** Runs one phase in this process and prints its result as JSON (the child side). */
async function childPhase(phase: string, args: string[]): Promise<void> {
  const [dir = '', a = '0', b = '0', c = '0', d = '0'] = args;
  const workers = Number(b);
  const started = performance.now();
  let result: Omit<PhaseResult, 'ms' | 'maxRssMb' | 'phase'>;
  if (phase === 'generate') result = generate(dir, Number(a), Number(b), Number(c), Number(d));
  else if (phase === 'parse') result = { runs: await parseOnly(dir) };
  else result = await pipeline(dir, a, phase === 'pipeline', workers);
  const ms = performance.now() - started;
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ phase, ms, maxRssMb, ...result })}\n`);
}

function runChild(phase: string, args: string[]): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--phase', phase, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench phase ${phase} exited with ${code}`));
      const line = out.trim().split('\n').pop() ?? '';
      resolve(JSON.parse(line) as PhaseResult);
    });
  });
}

async function generateAll(dir: string, tasks: number, runsPerTask: number, steps: number): Promise<{ runs: number; bytes: number; largestTaskBytes: number }> {
  const workers = Math.max(1, Math.min(cpus().length, 4));
  const per = Math.ceil(tasks / workers);
  const parts = await Promise.all(Array.from({ length: workers }, (_, i) =>
    runChild('generate', [dir, String(i * per), String(Math.min(tasks, (i + 1) * per)), String(runsPerTask), String(steps)])));
  return {
    runs: parts.reduce((sum, part) => sum + part.runs, 0),
    bytes: parts.reduce((sum, part) => sum + (part.bytes ?? 0), 0),
    largestTaskBytes: Math.max(...parts.map((part) => part.largestTaskBytes ?? 0)),
  };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function best(results: PhaseResult[]): PhaseResult {
  return results.reduce((a, b) => (b.ms < a.ms ? b : a));
}

const perSecond = (result: PhaseResult): number => Math.round(result.runs / (result.ms / 1000));

export async function run(options: AlignBenchOptions = sizeFromEnvAndArgs()): Promise<BenchReport> {
  const runsPerTask = Math.max(1, Math.round(options.runs / options.tasks));
  const root = mkdtempSync(join(tmpdir(), 'crux-bench-align-'));
  try {
    const big = join(root, 'runs');
    const small = join(root, 'runs-tenth');
    const smallTasks = Math.max(1, Math.round(options.tasks / 10));
    const generateStart = performance.now();
    const data = await generateAll(big, options.tasks, runsPerTask, options.steps);
    const total = data.runs;
    await generateAll(small, smallTasks, runsPerTask, options.steps);
    const generateMs = performance.now() - generateStart;
    const workers = String(Math.min(4, availableParallelism()));
    const parse: PhaseResult[] = [];
    const full: PhaseResult[] = [];
    for (let i = 0; i < options.repetitions; i++) {
      // Alternate, so drift in machine load and page cache affects both alike.
      parse.push(await runChild('parse', [big]));
      full.push(await runChild('pipeline', [big, join(root, 'pairs.jsonl'), workers]));
    }
    const noWatch = await runChild('pipeline-no-watch', [big, join(root, 'pairs-no-watch.jsonl'), workers]);
    const oneThread = await runChild('pipeline-no-watch', [big, join(root, 'pairs-one-thread.jsonl'), '0']);
    const tenth = await runChild('pipeline', [small, join(root, 'pairs-tenth.jsonl'), workers]);
    const baseline = best(parse);
    const measured = best(full);
    const ratio = measured.ms / baseline.ms;
    const row = (name: string, result: PhaseResult, runs = result.runs) => ({
      phase: name, runs, seconds: Number((result.ms / 1000).toFixed(2)), 'runs/s': perSecond(result),
      'x parse-only': Number((result.ms / baseline.ms).toFixed(2)), 'peak RSS MB': result.maxRssMb,
      pairs: result.pairs ?? 0,
    });
    const rows = [
      row('parse only, one thread (baseline)', baseline),
      row(`pipeline as crux pairs runs it (${workers} worker threads, loop watch on)`, measured),
      row(`pipeline, ${workers} workers, no loop watch (stuck filter off)`, noWatch),
      row('pipeline on one thread, no loop watch', oneThread),
      row(`pipeline on a tenth of the tasks (${smallTasks}), ${workers} workers`, tenth),
    ];
    const memoryFlat = tenth.maxRssMb > 0 && measured.maxRssMb < tenth.maxRssMb * 2;
    const summary = `align: ${perSecond(measured).toLocaleString('en')} runs/s vs parse-only ${perSecond(baseline).toLocaleString('en')} runs/s ` +
      `(${ratio.toFixed(2)}x the parse time with ${workers} worker threads; target ≤2x: ${ratio <= 2 ? 'met' : 'NOT met'}; ` +
      `without the loop watch ${(noWatch.ms / baseline.ms).toFixed(2)}x, on one thread ${(oneThread.ms / baseline.ms).toFixed(2)}x); ` +
      `peak RSS ${measured.maxRssMb} MB for ${total.toLocaleString('en')} runs vs ${tenth.maxRssMb} MB for a tenth of them ` +
      `(${memoryFlat ? 'bounded by the task, not the set' : 'grows with the set'}; files ${mb(data.bytes)}, largest task ${mb(data.largestTaskBytes)}); ` +
      `${measured.pairs ?? 0} pairs; generation ${(generateMs / 1000).toFixed(0)} s untimed`;
    const result = { name: 'align', date: new Date().toISOString(), node: process.version, cpus: cpus().length, options, summary, rows };
    const file = join(process.cwd(), 'bench', 'results', 'align.json');
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    return { name: 'align', summary, rows };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// Run directly (not when imported by bench/run.ts). A child phase is this file with --phase.
if (/[\\/]bench[\\/]align\.ts$/.test(process.argv[1] ?? '')) {
  const phaseIndex = process.argv.indexOf('--phase');
  const work = phaseIndex >= 0
    ? childPhase(process.argv[phaseIndex + 1] ?? '', process.argv.slice(phaseIndex + 2))
    : run().then((report) => {
      console.log(report.summary);
      console.table(report.rows);
    });
  work.catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
