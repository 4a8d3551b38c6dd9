// The team store against its baselines, on one real PostgreSQL started for the run:
//  - push: `crux push` of N shared runs (read, redacted again, checked, one transaction each)
//    against psql \copy of the same rows into the same tables (the server's bulk-load floor);
//  - rollout: queued jobs done by 1, 2 and 4 `crux worker` processes (runs/hour, scaling);
//  - pairs: `crux pairs postgres://…` against `crux pairs DIR` on the same runs.
// Run: node --import tsx bench/team.ts [--quick]
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { silentLog } from '../src/host/ports';
import { addContributor, initTeam } from '../src/team/admin';
import { PushLedger } from '../src/team/ledger';
import { PgRunStore } from '../src/team/pg-store';
import { pushRuns } from '../src/team/push';
import { TrajectoryStore } from '../src/trajectory/store';
import { BUGGY_CALC, createGitRepo } from '../test/support/git-fixture';
import { startModelServer } from '../test/support/model-server';
import { postgresBin, startPostgres } from '../test/support/postgres';
import { sharedRun, writeRun } from '../test/team/support';
import { fixingModel, startWorker, waitForRuns } from '../test/team/rollout-support';
import type { BenchReport } from './report';

const run = promisify(execFile);
const CLI = join(__dirname, '..', 'dist', 'cli.js');

export async function run_(options: { quick?: boolean } = {}): Promise<BenchReport> {
  const quick = options.quick ?? process.argv.includes('--quick');
  execFileSync(process.execPath, [join(__dirname, '..', 'esbuild.mjs')], { stdio: 'inherit' });
  const server = await startPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'crux-bench-team-'));
  const rows: BenchReport['rows'] = [];
  try {
    await initTeam(server.adminUrl);
    const contributor = (await addContributor(server.adminUrl, 'bench_pusher')).url;
    const curator = (await addContributor(server.adminUrl, 'bench_curator', 'curator')).url;
    const worker = (await addContributor(server.adminUrl, 'bench_worker', 'worker')).url;

    // Push: runs of 40 steps (~50 KB each), 10 per task.
    const runsDir = join(dir, 'runs');
    const count = quick ? 100 : 400;
    for (let i = 0; i < count; i++) {
      const r = sharedRun(`bench-run-${String(i).padStart(4, '0')}`, { steps: 40, taskId: `task-${Math.floor(i / 10)}`, resolved: i % 3 !== 0 });
      writeRun(runsDir, r);
    }
    const bytes = readdirSync(runsDir).reduce((sum, name) => sum + readFileSync(join(runsDir, name)).length, 0);
    const target = new PgRunStore(contributor);
    const source = new TrajectoryStore(runsDir, silentLog);
    let started = performance.now();
    const report = await pushRuns({ source, target, consent: 'share', ledger: await PushLedger.open(runsDir) });
    const pushSeconds = (performance.now() - started) / 1000;
    await target.close();
    if (report.created !== count) throw new Error(`pushed ${report.created} of ${count}`);
    const copySeconds = await copyBaseline(server.adminUrl, runsDir, dir);
    rows.push({ what: 'push', subject: `crux push ${count} runs`, seconds: round(pushSeconds), baseline: 'psql \\copy same rows', baseline_seconds: round(copySeconds),
      ratio: round(pushSeconds / copySeconds), throughput: `${round(bytes / 1024 / 1024 / pushSeconds)} MiB/s, ${Math.round(count / pushSeconds)} runs/s` });

    // Pairs: the same runs from the store (as the curator) and from the files.
    const filesSeconds = await timed(() => run(process.execPath, [CLI, 'pairs', runsDir, '--out', join(dir, 'pairs-files.jsonl')]));
    const storeSeconds = await timed(() => run(process.execPath, [CLI, 'pairs', curator, '--out', join(dir, 'pairs-store.jsonl')]));
    const same = readFileSync(join(dir, 'pairs-files.jsonl'), 'utf8').length === readFileSync(join(dir, 'pairs-store.jsonl'), 'utf8').length;
    rows.push({ what: 'pairs', subject: `crux pairs postgres://… (${count} runs)`, seconds: round(storeSeconds), baseline: 'crux pairs DIR', baseline_seconds: round(filesSeconds),
      ratio: round(storeSeconds / filesSeconds), throughput: same ? 'same output size' : 'OUTPUT DIFFERS' });

    // Rollout: 1, 2, 4 worker processes, 2 runs each at once, on a model decoding ~50 tok/s.
    const repo = createGitRepo(BUGGY_CALC, 'crux-bench-team-repo-');
    const model = await startModelServer({ turns: fixingModel(), chunkSize: 4, delayMsPerChunk: 20 });
    const commit = repo.git('rev-parse', 'HEAD').trim();
    let base = 0;
    for (const workers of quick ? [1, 2] : [1, 2, 4]) {
      const jobs = quick ? 8 : 24;
      const name = `bench-${workers}`;
      const tasks = join(dir, `${name}.jsonl`);
      writeFileSync(tasks, Array.from({ length: 4 }, (_, i) => JSON.stringify({ id: `calc-${i}`, repo: repo.root, commit, task: `Fix add (${i})`, test_cmd: 'node test.js' })).join('\n'));
      // Workers first, ready and polling; then the jobs: the time is the queue's, not start-up's.
      const processes = Array.from({ length: workers }, () => startWorker(worker, model.url, 2));
      for (const process of processes) await waitUntil(() => /taking jobs/.test(process.output()), 60_000);
      started = performance.now();
      await run(process.execPath, [CLI, 'rollout', tasks, '--queue', worker, '--samples', String(jobs / 4)]);
      await waitForRuns(server.adminUrl, name, jobs, 600_000);
      const seconds = (performance.now() - started) / 1000;
      for (const process of processes) await process.stop();
      const perHour = Math.round((jobs / seconds) * 3600);
      base ||= perHour;
      rows.push({ what: 'rollout', subject: `${workers} worker process${workers > 1 ? 'es' : ''} x 2`, seconds: round(seconds), baseline: '1 worker', baseline_seconds: '',
        ratio: round(perHour / base), throughput: `${perHour} runs/hour` });
    }
    await model.close();
    repo.remove();
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const get = (what: string, subject?: RegExp) => rows.filter((row) => row.what === what && (!subject || subject.test(String(row.subject))));
  const scaling = get('rollout').map((row) => `${String(row.subject).split(' ')[0]}w ${row.ratio}x`).join(', ');
  return {
    name: 'team',
    summary: `push ${get('push')[0]?.ratio}x the time of psql \\copy (${get('push')[0]?.throughput}); pairs from PostgreSQL ${get('pairs')[0]?.ratio}x files; rollout scaling ${scaling}`,
    rows,
  };
}

export { run_ as run };

/** psql \copy of the same runs and lines (text format), into the same tables, after emptying them. */
async function copyBaseline(adminUrl: string, runsDir: string, dir: string): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const runsCsv = join(dir, 'runs.copy');
  const linesCsv = join(dir, 'lines.copy');
  const { rows } = await client.query<Record<string, unknown>>('SELECT run_id, contributor, task_id, created_at, model, consent, repository, agent, parent_run_id, end_reason, steps, resolved, test_passed, loop_warnings, header, summary, line_count, bytes, sha256 FROM crux.runs');
  writeFileSync(runsCsv, rows.map((row) => Object.values(row).map((value) => copyText(value instanceof Date ? value.toISOString() : typeof value === 'object' && value !== null ? JSON.stringify(value) : value)).join('\t')).join('\n') + '\n');
  const lines: string[] = [];
  for (const name of readdirSync(runsDir).filter((file) => file.startsWith('bench-run-'))) {
    const runId = name.replace(/\.jsonl$/, '');
    readFileSync(join(runsDir, name), 'utf8').slice(0, -1).split('\n').forEach((line, index) => lines.push(`${runId}\t${index + 1}\tbench_pusher\t${copyText(`${line}\n`)}`));
  }
  writeFileSync(linesCsv, `${lines.join('\n')}\n`);
  await client.query('TRUNCATE crux.runs CASCADE');
  await client.end();
  const psql = join(postgresBin() as string, 'psql');
  const started = performance.now();
  await run(psql, [adminUrl, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `\\copy crux.runs (run_id, contributor, task_id, created_at, model, consent, repository, agent, parent_run_id, end_reason, steps, resolved, test_passed, loop_warnings, header, summary, line_count, bytes, sha256) FROM '${runsCsv}'`,
    '-c', `\\copy crux.run_lines (run_id, line_no, contributor, line) FROM '${linesCsv}'`]);
  return (performance.now() - started) / 1000;
}

function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('a worker did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

if (require.main === module) {
  void run_().then((report) => {
    console.table(report.rows);
    console.log(report.summary);
  });
}
