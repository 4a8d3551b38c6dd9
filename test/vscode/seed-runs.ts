// Real recorded runs for the views' tests: the real Agent with Crux's real tools works in
// fresh copies of the example repository against the fake model server, the real recorder
// writes each run into a store, and `node test.js` labels it (resolved when the test passes),
// as `crux run --test-cmd` does. Half the runs fix math.js after reading it, half run the test
// instead and give up, so the task's tree has one key action and a DPO pair.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TrajectoryRecorder } from '../../src/trajectory/recorder';
import { readRepositoryInfo } from '../../src/trajectory/repository';
import { TrajectoryStore } from '../../src/trajectory/store';
import { testResultOf } from '../../src/trajectory/test-result';
import { createAgent } from '../support/agent-harness';
import { startModelServer, type ScriptedTurn } from '../support/model-server';
import { createExampleWorkspace } from './fixtures';

export const SEED_TASK_ID = 'fix-add';
export const SEED_TASK = 'Fix add() in math.js: node test.js fails.';

const read: ScriptedTurn = { content: 'Reading math.js first.', toolCalls: [{ name: 'read_file', arguments: { path: 'math.js' } }] };
const GOOD: ScriptedTurn[] = [
  read,
  { content: 'add() subtracts; fixing it.', toolCalls: [{ name: 'edit_file', arguments: { path: 'math.js', old_string: 'return a - b;', new_string: 'return a + b;' } }] },
  { content: 'Checking.', toolCalls: [{ name: 'run_command', arguments: { command: 'node test.js' } }] },
  { content: 'Fixed.', toolCalls: [{ name: 'finish', arguments: { summary: 'add() used "-"; it adds now and node test.js passes.' } }] },
];
const BAD: ScriptedTurn[] = [
  read,
  { content: 'Running the test to see the failure.', toolCalls: [{ name: 'run_command', arguments: { command: 'node test.js' } }] },
  { content: 'The test fails; I could not find why.', toolCalls: [{ name: 'finish', arguments: { summary: 'Could not fix the failing test.' } }] },
];

export interface SeededRuns {
  /** The store folder holding the runs. */
  dir: string;
  runIds: string[];
}

/** Records `count` runs (alternately good and bad) into `<root>/seed-store`, a few at a time,
 * each against its own model server so each follows its own script. */
export async function seedRecordedRuns(root: string, count = 8, parallel = 4): Promise<SeededRuns> {
  const store = new TrajectoryStore(join(root, 'seed-store'));
  const runIds: string[] = [];
  for (let first = 0; first < count; first += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - first) }, (_, k) => recordOne(root, store, first + k));
    runIds.push(...(await Promise.all(batch)));
  }
  return { dir: store.dir, runIds };
}

async function recordOne(root: string, store: TrajectoryStore, i: number): Promise<string> {
  const script = i % 2 === 0 ? GOOD : BAD;
  const server = await startModelServer({
    models: ['test-model'],
    turns: (request) => {
      if (!request.stream) return { content: 'OK', finishReason: 'length', completionTokens: 1 };
      const step = request.messages.filter((message) => (message as { role?: unknown }).role === 'assistant').length;
      return script[step] ?? { content: 'Done.', toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }] };
    },
  });
  try {
    const workspace = join(root, `seed-workspace-${i}`);
    createExampleWorkspace(workspace);
    const { agent } = await createAgent(server, workspace);
    const recorder = new TrajectoryRecorder({ store, consent: 'local', taskId: SEED_TASK_ID, repository: await readRepositoryInfo(workspace) });
    recorder.attach(agent);
    await agent.run(SEED_TASK, new AbortController().signal);
    const test = await runTest(workspace);
    recorder.updateOutcome({ test, resolved: test.passed, origin: 'seed: node test.js' });
    recorder.close();
    const status = recorder.status;
    if (status.kind !== 'finished') throw new Error(`seeding run ${i} was not recorded: ${JSON.stringify(status)}`);
    return status.runId;
  } finally {
    await server.close();
  }
}

async function runTest(workspace: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['test.js'], { cwd: workspace });
    return testResultOf('node test.js', { exitCode: 0, timedOut: false, output: stdout + stderr });
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return testResultOf('node test.js', { exitCode: typeof failed.code === 'number' ? failed.code : 1, timedOut: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` });
  }
}
