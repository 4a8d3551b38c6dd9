// Distributed rollouts in tests: worker processes of the real CLI bundle, a scripted model
// server (fix the bug, or hang on a task), and counting what reached the team store.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import type { ChatRequestRecord, ScriptedTurn } from '../support/model-server';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

export function startWorker(queueUrl: string, modelUrl: string, concurrency = 2, env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, [cli, 'worker', '--queue', queueUrl, '--model-url', modelUrl, '--concurrency', String(concurrency)],
    { env: { ...process.env, CRUX_MODEL_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Fixes calc.js in two turns, except tasks whose text names `hang`: their first run hangs. */
export function fixingModel(): (request: ChatRequestRecord) => ScriptedTurn {
  const hung = new Set<string>();
  return (request) => {
    if (!request.stream) return { content: 'ok' };
    const messages = request.messages as { role: string; content: string | null }[];
    const task = /^Task:\n(.*)/.exec(messages[1]?.content ?? '')?.[1] ?? '';
    const step = messages.filter((message) => message.role === 'assistant').length;
    if (task.includes('hang') && !hung.has(task)) {
      hung.add(task);
      return { kind: 'hang' };
    }
    return step === 0
      ? { toolCalls: [{ name: 'edit_file', arguments: { path: 'calc.js', old_string: 'return a - b;', new_string: 'return a + b;' } }] }
      : { toolCalls: [{ name: 'finish', arguments: { summary: 'Fixed add.' } }] };
  };
}

export async function sql<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Waits until the rollout holds `runs` runs (or fails after timeoutMs). */
export async function waitForRuns(adminUrl: string, rollout: string, runs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await sql<{ n: number }>(adminUrl, 'SELECT count(*)::int AS n FROM crux.runs WHERE rollout = $1', [rollout]).then((rows) => rows[0]?.n ?? 0, () => -1);
    if (n >= runs) return;
    if (Date.now() > deadline) throw new Error(`only ${n} of ${runs} runs of ${rollout} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
