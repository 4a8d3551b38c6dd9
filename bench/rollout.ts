// Rollout throughput: runs/hour as concurrency goes 1, 4, 16, 64, against the protocol-level
// model server streaming with a realistic per-token delay (a local model decoding one stream
// at about 50 tokens/s; the fake server batches perfectly, so the curve shows where Crux
// itself, git and the task's tests stop scaling on this machine). Crux's own CPU per run is
// this process's CPU time (git and the tests run in child processes and are not counted).
// Run: node --import tsx bench/rollout.ts [--quick]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../src/agent/connect';
import { silentLog, systemClock } from '../src/host/ports';
import { ModelClient } from '../src/model/client';
import { rollout } from '../src/rollout/rollout';
import { BUGGY_CALC, createGitRepo } from '../test/support/git-fixture';
import { startModelServer, type ChatRequestRecord, type ScriptedTurn } from '../test/support/model-server';
import type { BenchReport } from './report';

const TOKEN_DELAY_MS = 20;
const LEVELS = [1, 4, 16, 64];

function fixingModel(request: ChatRequestRecord): ScriptedTurn {
  if (!request.stream) return { content: 'ok' };
  const step = (request.messages as { role: string }[]).filter((message) => message.role === 'assistant').length;
  return step === 0
    ? { content: 'The add function subtracts; fixing it.', toolCalls: [{ name: 'edit_file', arguments: { path: 'calc.js', old_string: 'return a - b;', new_string: 'return a + b;' } }] }
    : { content: 'Done.', toolCalls: [{ name: 'finish', arguments: { summary: 'Fixed add.' } }] };
}

export async function run(options: { quick?: boolean } = {}): Promise<BenchReport> {
  const quick = options.quick ?? process.argv.includes('--quick');
  const levels = quick ? [1, 4] : LEVELS;
  const repo = createGitRepo(BUGGY_CALC, 'crux-bench-repo-');
  const server = await startModelServer({ turns: fixingModel, chunkSize: 4, delayMsPerChunk: TOKEN_DELAY_MS });
  const rows: BenchReport['rows'] = [];
  try {
    const client = new ModelClient({ baseUrl: server.url });
    const connection = await connect(client, { toolFormat: 'native' });
    const commit = repo.git('rev-parse', 'HEAD').trim();
    for (const concurrency of levels) {
      const dir = mkdtempSync(join(tmpdir(), 'crux-bench-rollout-'));
      const runs = Math.max(8, concurrency * 2);
      const tasksFile = join(dir, 'tasks.jsonl');
      writeFileSync(tasksFile, `${JSON.stringify({ id: 'calc', repo: repo.root, commit, task: 'Fix add', test_cmd: 'node test.js' })}\n`);
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const summary = await rollout({
        tasksFile, samples: runs, concurrency, outDir: join(dir, 'out'), client, connection,
        maxSteps: 5, sampling: {}, timeoutSeconds: 300, keepCopies: false, consent: 'local', exclusions: [],
        sink: { write: () => true }, clock: systemClock, log: silentLog, signal: new AbortController().signal,
      });
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const resolved = summary.reports.filter((report) => report.result === 'resolved').length;
      rows.push({
        concurrency, runs, resolved,
        runs_per_hour: Math.round((runs / seconds) * 3600),
        crux_cpu_ms_per_run: Math.round((cpu.user + cpu.system) / 1000 / runs),
      });
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await server.close();
    repo.remove();
  }
  const base = Number(rows[0]?.runs_per_hour ?? 1);
  for (const row of rows) row.speedup = Number((Number(row.runs_per_hour) / base).toFixed(1));
  const last = rows[rows.length - 1];
  const summary = `runs/hour ${rows.map((row) => `${row.runs_per_hour} at c=${row.concurrency}`).join(', ')}; ` +
    `speedup ${last?.speedup}x at c=${last?.concurrency}; Crux CPU ${Math.max(...rows.map((row) => Number(row.crux_cpu_ms_per_run)))} ms/run at most`;
  return { name: 'rollout', summary, rows };
}

if (/[\\/]bench[\\/]rollout\.ts$/.test(process.argv[1] ?? '')) {
  run().then((report) => {
    console.table(report.rows);
    console.log(report.summary);
  }, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
