// Loop-watch cost. (1) Per step, at run lengths 100, 1,000 and 10,000 steps: a synthetic run
// that mixes exploration (new outputs), edits, failing tests and loops is fed call by call to
// the detector, facts building (normalising and hashing ~2 KB outputs) included; the cost per
// step must stay flat as runs grow (bounded memories, no rescans). (2) Whole-directory offline
// detection over ../shared/eval-data when it is there: runs and actions per second.
// Run: node --import tsx bench/watch.ts
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadRuns } from '../src/trajectory/import';
import { LoopDetector } from '../src/watch/detector';
import { callFacts, callResult, textHash, type StepCall } from '../src/watch/facts';
import { analyzeTrajectory } from '../src/watch/offline';
import type { BenchReport } from './report';

const LENGTHS = [100, 1_000, 10_000];
/** Rounds over all lengths, interleaved so JIT and GC drift hit every length alike. */
const ROUNDS = 7;
const REPETITIONS = 5;
const FILLER = 'x'.repeat(1_900);

/** Steps per phase: short enough that a 100-step run holds the same mix of step kinds as a
 * 10,000-step one (loop steps cost more than exploring ones: more signals speak), so the
 * comparison across lengths measures growth with the run, not a different mix. */
const PHASE = 10;

/** The calls of step i of the synthetic run: phases cycle through exploring, an edit → same
 * failing test loop, an A-B alternation and a polling stretch. */
function stepInput(i: number): { name: string; args: Record<string, unknown>; output: string; exitCode: number | null }[] {
  const phase = Math.floor(i / PHASE) % 4;
  if (phase === 0) return [{ name: 'read_file', args: { path: `src/m${i}.ts` }, output: `module ${i}\n${FILLER}`, exitCode: null }];
  if (phase === 1) {
    return i % 2 === 0
      ? [{ name: 'edit_file', args: { path: 'a.ts', old_string: `v${i}`, new_string: `v${i + 1}` }, output: 'Edited a.ts', exitCode: null }]
      : [{ name: 'run_command', args: { command: 'npm test' }, output: `FAILED a.test.ts - expected 3, got 2\n${FILLER}\nin 0.${i % 10}4s`, exitCode: 1 }];
  }
  if (phase === 2) return [{ name: 'read_file', args: { path: i % 2 === 0 ? 'a.ts' : 'b.ts' }, output: `${i % 2}\n${FILLER}`, exitCode: null }];
  return [{ name: 'run_command', args: { command: 'tail -n 3 build.log' }, output: `built ${i} of many\n${FILLER}`, exitCode: 0 }];
}

/** Nanoseconds per step for one run of `steps` steps: in all, and in the detector alone
 * (the rest is building facts: normalising and hashing each output). */
function perStepNs(steps: number): { total: number; detector: number; cpu: number } {
  const detector = new LoopDetector();
  let inDetector = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (let step = 1; step <= steps; step++) {
    const calls: StepCall[] = stepInput(step).map((input, k) => {
      const call = callFacts({ callId: `${step}-${k}`, name: input.name, args: input.args, risk: null, valid: true });
      const result = callResult(call, { output: input.output, isError: (input.exitCode ?? 0) !== 0, exitCode: input.exitCode });
      const before = performance.now();
      detector.beforeCall(step, call);
      detector.afterCall(call, result);
      inDetector += performance.now() - before;
      return { call, result };
    });
    const before = performance.now();
    detector.endStep({ step, calls, text: textHash(`step ${step}`) });
    inDetector += performance.now() - before;
  }
  detector.endRun({ lastStep: steps, finished: false, emptyPatch: null });
  const cpu = process.cpuUsage(cpuStarted);
  return { total: ((performance.now() - started) * 1e6) / steps, detector: (inDetector * 1e6) / steps, cpu: ((cpu.user + cpu.system) * 1e3) / steps };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function directoryThroughput(): Promise<Record<string, string | number> | null> {
  const dir = join(__dirname, '..', '..', 'shared', 'eval-data');
  if (!existsSync(dir)) return null;
  const loadStart = performance.now();
  const { runs } = await loadRuns([dir]);
  const loadMs = performance.now() - loadStart;
  const actions = runs.reduce((sum, run) => sum + (run.trajectory.outcome?.steps ?? 0), 0);
  const times: number[] = [];
  for (let r = 0; r < REPETITIONS; r++) {
    const started = performance.now();
    for (const run of runs) analyzeTrajectory(run.trajectory);
    times.push(performance.now() - started);
  }
  const detectMs = median(times);
  return {
    measure: 'eval-data directory', runs: runs.length, actions,
    'load ms': Math.round(loadMs), 'detect ms': Number(detectMs.toFixed(1)),
    'runs/s': Math.round((runs.length / detectMs) * 1000), 'actions/s': Math.round((actions / detectMs) * 1000),
  };
}

export async function run(): Promise<BenchReport> {
  for (let i = 0; i < 2; i++) for (const steps of LENGTHS) perStepNs(steps); // warm-up: JIT and hash setup
  const samples = new Map<number, { total: number; detector: number; cpu: number }[]>(LENGTHS.map((steps) => [steps, []]));
  for (let round = 0; round < ROUNDS; round++) for (const steps of LENGTHS) samples.get(steps)?.push(perStepNs(steps));
  const rows: Record<string, string | number>[] = [];
  const costs: number[] = [];
  const cpuCosts: number[] = [];
  for (const steps of LENGTHS) {
    const measured = samples.get(steps) ?? [];
    const ns = median(measured.map((sample) => sample.total));
    const detectorNs = median(measured.map((sample) => sample.detector));
    const cpuNs = median(measured.map((sample) => sample.cpu));
    costs.push(ns);
    cpuCosts.push(cpuNs);
    rows.push({
      measure: `per step, ${steps.toLocaleString('en')}-step run`, 'µs/step': Number((ns / 1000).toFixed(1)),
      'detector µs/step': Number((detectorNs / 1000).toFixed(1)), 'CPU µs/step': Number((cpuNs / 1000).toFixed(1)),
    });
  }
  const spread = Math.max(...costs) / Math.min(...costs);
  // CPU time as well: on a machine shared with other work, wall-clock time also measures the others.
  const cpuSpread = Math.max(...cpuCosts) / Math.min(...cpuCosts);
  const directory = await directoryThroughput();
  if (directory) rows.push(directory);
  const flat = spread <= 1.5;
  const summary = `per-step ${costs.map((ns) => `${(ns / 1000).toFixed(1)}µs`).join(' / ')} at ${LENGTHS.join(' / ')} steps ` +
    `(max/min ${spread.toFixed(2)}, target flat ≤1.5: ${flat ? 'met' : 'NOT met'}; CPU time ${cpuCosts.map((ns) => `${(ns / 1000).toFixed(1)}µs`).join(' / ')}, max/min ${cpuSpread.toFixed(2)})` +
    (directory ? `; eval-data ${directory.runs} runs in ${directory['detect ms']} ms (${directory['actions/s']} actions/s)` : '; eval-data absent');
  const report: BenchReport = { name: 'watch', summary, rows };
  const resultsDir = join(process.cwd(), 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'watch.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, ...report }, null, 2)}\n`);
  return report;
}

if (require.main === module) {
  run().then(
    (report) => {
      console.table(report.rows);
      console.log(report.summary);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
