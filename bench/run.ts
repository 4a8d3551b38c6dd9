// `npm run bench [-- NAME...]`: runs the benchmarks one after another (never in parallel:
// they measure against baselines taken in the same run, on the same idle cores) and prints
// one summary line each. Results also go to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchReport } from './report';

type Bench = () => Promise<BenchReport>;

/** Each benchmark is loaded only when chosen, so one failing to load does not stop the rest. */
const BENCHES: Record<string, () => Promise<Bench>> = {
  stream: async () => (await import('./stream')).report,
  recording: async () => (await import('./recording')).run,
  import: async () => (await import('./import')).run,
  watch: async () => (await import('./watch')).run,
  align: async () => (await import('./align')).run,
  rollout: async () => (await import('./rollout')).run,
  extension: async () => (await import('./extension')).run,
  team: async () => (await import('./team')).run,
  engine: async () => (await import('./engine')).run,
};

async function main(): Promise<void> {
  const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = requested.filter((name) => !(name in BENCHES));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const names = requested.length > 0 ? requested : Object.keys(BENCHES);
  const reports: BenchReport[] = [];
  for (const name of names) {
    console.log(`\n== ${name} ==`);
    try {
      const bench = await (BENCHES[name] as () => Promise<Bench>)();
      reports.push(await bench());
    } catch (error) {
      console.error(`${name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      process.exitCode = 1;
    }
  }
  console.log('\n== summary ==');
  for (const report of reports) console.log(`${report.name}: ${report.summary}`);
  const dir = join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, reports }, null, 2)}\n`);
}

void main();
