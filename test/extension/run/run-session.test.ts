// The editor's run session on a real agent, a real git repository, real shadow-git checkpoints
// and a real trajectory store, with the scripted model server: what the view is sent (run info,
// checkpoints tied to calls, loop banners, recoveries), a user's rollback, and a retry recorded
// as a branch of the same task. VS Code itself is exercised by test/vscode/.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent } from '../../../src/agent/agent';
import { ShadowGitCheckpoints } from '../../../src/host/node/shadow-checkpoints';
import { silentLog } from '../../../src/host/ports';
import { parseHostMessage, type HostMessage, type HostMessageOf } from '../../../src/protocol';
import { TrajectoryStore } from '../../../src/trajectory/store';
import { watchConfig } from '../../../src/watch/config';
import { prepareRecording, type RunRecording } from '../../../extension/run/run-recording';
import { RunRegistry, type RunEntry } from '../../../extension/run/run-registry';
import { RunSession } from '../../../extension/run/run-session';
import { createAgent } from '../../support/agent-harness';
import { createGitRepo, type GitFixture } from '../../support/git-fixture';
import { startModelServer, type ModelServer, type ScriptedTurn } from '../../support/model-server';

const PROJECT = {
  'calc.js': 'function add(a, b) {\n  return a - b;\n}\nmodule.exports = { add };\n',
  'test.js': "const { add } = require('./calc');\nif (add(2, 3) !== 5) { console.log('FAIL add'); process.exit(1); }\nconsole.log('ok');\n",
};
const call = (name: string, args: Record<string, unknown>): ScriptedTurn => ({ toolCalls: [{ name, arguments: args }] });
const TEST = call('run_command', { command: 'node test.js' });
const edit = (from: string, to: string) => call('edit_file', { path: 'calc.js', old_string: `return ${from};`, new_string: `return ${to};` });
/** Wrong fixes and the same failing test, round and round. */
const LOOP = [edit('a - b', 'a * b'), TEST, edit('a * b', 'a / b'), TEST, edit('a / b', 'a % b'), TEST, edit('a % b', 'a * b'), TEST];
/** After the rollback's nudge: the right fix. */
const RECOVERED = [edit('a * b', 'a + b'), TEST, call('finish', { summary: 'fixed add' })];

function script(request: { messages: unknown[] }): ScriptedTurn {
  const messages = request.messages as { role: string; content: string | null }[];
  const nudge = messages.findIndex((message) => message.role === 'user' && (message.content ?? '').includes('The last steps were undone'));
  if (nudge >= 0) return RECOVERED[messages.slice(nudge).filter((message) => message.role === 'assistant').length] ?? TEST;
  return LOOP[messages.filter((message) => message.role === 'assistant').length % LOOP.length] ?? TEST;
}

describe('extension: a run session on a live agent', function () {
  this.timeout(60_000);
  let repo: GitFixture;
  let server: ModelServer;
  let dirs: string;
  let store: TrajectoryStore;
  let checkpoints: ShadowGitCheckpoints;
  const registry = new RunRegistry();

  before(async () => {
    repo = createGitRepo(PROJECT);
    dirs = mkdtempSync(join(tmpdir(), 'crux-session-'));
    store = new TrajectoryStore(join(dirs, 'trajectories'));
    checkpoints = await ShadowGitCheckpoints.open(repo.root, join(dirs, 'checkpoints'));
    server = await startModelServer({ turns: (request) => (request.stream ? script(request) : { content: 'OK' }) });
  });
  after(async () => {
    await server.close();
    repo.remove();
    rmSync(dirs, { recursive: true, force: true });
  });

  async function session(recording: RunRecording, parent: { runId: string; step: number } | null) {
    const { agent } = await createAgent(server, repo.root, { checkpoints, config: { maxSteps: 30 } });
    const sent: HostMessage[] = [];
    const runSession: RunSession = new RunSession({
      agent, task: 'fix add', recording, checkpoints: true, registry, log: silentLog, parent,
      watch: { config: watchConfig({ policy: { onWarning: 'none', onStuck: 'none' } }), policy: 'warn' },
      send: (message) => {
        sent.push(message);
        // The user's click on "Roll back" in the first warning banner.
        if (message.type === 'loop-warning' && message.severity === 'warning' && !sent.some((m) => m.type === 'recovery')) {
          assert.ok(runSession.requestRecovery(message.findingId, 'rollback'));
        }
      },
    });
    runSession.attach();
    return { agent, sent, session: runSession };
  }

  function ofType<T extends HostMessage['type']>(sent: HostMessage[], type: T): HostMessageOf<T>[] {
    return sent.filter((message): message is HostMessageOf<T> => message.type === type);
  }

  let parentEntry: RunEntry | undefined;
  let parentAgent: Agent | undefined;

  it('sends run info, checkpoints tied to their calls, loop banners, and applies the user rollback', async () => {
    const recording = await prepareRecording({ consent: 'local', storeDir: store.dir, root: repo.root, task: 'fix add', excludeRepositories: [], log: silentLog });
    const { agent, sent, session: runSession } = await session(recording, null);
    const result = await agent.run('fix add');
    runSession.end(await checkpoints.save('after run'));
    assert.equal(result.reason, 'finished', result.message);
    for (const message of sent) assert.ok(parseHostMessage(message).ok, JSON.stringify(message));

    assert.deepEqual(sent.slice(0, 2).map((message) => message.type), ['run-started', 'run-info']);
    const [info] = ofType(sent, 'run-info');
    assert.equal(info?.recording, 'recording');
    assert.match(info?.recordingDetail ?? '', /\.jsonl$/);
    const calls = new Map(ofType(sent, 'tool-call').map((message) => [message.callId, message]));
    const marks = ofType(sent, 'checkpoint');
    assert.ok(marks.length >= 6, 'a checkpoint before every edit and command');
    for (const mark of marks) assert.equal(calls.get(mark.callId)?.step, mark.step, 'each checkpoint names a call of its step');

    const [warning] = ofType(sent, 'loop-warning');
    assert.ok(warning, 'a loop banner was sent');
    assert.ok(warning.steps.length >= 3 && warning.recoveries.includes('rollback'), JSON.stringify(warning));
    const [rollback] = ofType(sent, 'recovery');
    assert.deepEqual([rollback?.action, rollback?.decidedBy, rollback?.toStep], ['rollback', 'user', warning.fromStep - 1]);
    assert.match(readFileSync(join(repo.root, 'calc.js'), 'utf8'), /return a \+ b;/);

    parentEntry = registry.get(info?.runId ?? '');
    parentAgent = agent;
    assert.ok(parentEntry && !parentEntry.running && parentEntry.endCheckpoint);
    assert.equal(parentEntry.isUndone(warning.fromStep), true, 'the looped steps are undone');
    assert.equal(runSession.requestRecovery(warning.findingId, 'stop'), false, 'nothing to recover once the run ended');
  });

  it('records a retry from a step as a branch of the same task', async () => {
    assert.ok(parentEntry && parentAgent);
    const step = stepAfterRollback(parentAgent) ?? 0;
    assert.ok(step > 1);
    const branch = { parent: { runId: parentEntry.runId, step: step - 1 }, taskId: parentEntry.taskId };
    const recording = await prepareRecording({ consent: 'local', storeDir: store.dir, root: repo.root, task: 'fix add', excludeRepositories: [], branch, log: silentLog });
    await checkpoints.restore(parentEntry.checkpointForStep(step) ?? '');
    const { agent, sent, session: runSession } = await session(recording, branch.parent);
    const result = await agent.run('fix add', undefined, { messages: parentEntry.conversationAt(step), step });
    runSession.end(null);
    assert.equal(result.reason, 'finished', result.message);
    const [info] = ofType(sent, 'run-info');
    assert.deepEqual(info?.parent, branch.parent);

    const runs = await store.list();
    assert.equal(runs.length, 2);
    const child = await store.read(info?.runId ?? '');
    const parent = await store.read(parentEntry.runId);
    assert.deepEqual(child.header.parent, { runId: parentEntry.runId, step: step - 1 });
    assert.equal(child.header.task.id, parent.header.task.id);
    assert.equal(child.events.find((event) => event.type === 'model-turn')?.step, step, 'the branch records from the step it retried');
  });

  it('a window closing mid-run ends the recording without an outcome: the run is interrupted, not aborted', async () => {
    const recording = await prepareRecording({ consent: 'local', storeDir: store.dir, root: repo.root, task: 'fix add', excludeRepositories: [], log: silentLog });
    const { agent, sent, session: runSession } = await session(recording, null);
    const controller = new AbortController();
    // The extension host going away while the run works (RunController.dispose).
    agent.onEvent((event) => {
      if (event.type === 'tool-call' && !controller.signal.aborted) {
        runSession.interrupt();
        controller.abort();
      }
    });
    const result = await agent.run('fix add', controller.signal);
    assert.equal(result.reason, 'aborted');
    const [info] = ofType(sent, 'run-info');
    const recorded = await store.read(info?.runId ?? '');
    assert.equal(recorded.outcome, null, 'no outcome: interrupted');
    assert.ok(recorded.events.some((event) => event.type === 'tool-call'), 'what it did so far is kept');
    assert.equal((await store.find(info?.runId ?? '')).end, null);
  });

  it('under warn, pauses before the next model turn until the user chooses', async () => {
    const recording = await prepareRecording({ consent: 'off', storeDir: store.dir, root: repo.root, task: 'fix add', excludeRepositories: [], log: silentLog });
    const { agent } = await createAgent(server, repo.root, { checkpoints, config: { maxSteps: 30 } });
    const sent: HostMessage[] = [];
    let requestsWhenPaused = -1;
    let requestsWhenChosen = -1;
    const controller = new AbortController();
    const runSession: RunSession = new RunSession({
      agent, task: 'fix add', recording, checkpoints: true, registry, log: silentLog, parent: null, signal: controller.signal,
      watch: { config: watchConfig({ policy: { onWarning: 'none', onStuck: 'none' } }), policy: 'warn', pauseOnWarning: true },
      send: (message) => {
        sent.push(message);
        if (message.type === 'loop-paused' && requestsWhenPaused < 0) {
          requestsWhenPaused = server.requests.length;
          // The user takes a moment before clicking "Roll back".
          setTimeout(() => {
            requestsWhenChosen = server.requests.length;
            assert.ok(runSession.requestRecovery(message.findingId, 'rollback'));
          }, 300);
        }
      },
    });
    runSession.attach();
    const result = await agent.run('fix add', controller.signal);
    runSession.end(null);
    assert.equal(result.reason, 'finished', result.message);
    assert.ok(requestsWhenPaused > 0, 'the run paused at a warning');
    assert.equal(requestsWhenChosen, requestsWhenPaused, 'no model turn while the banner waited for the user');
    const [rollback] = ofType(sent, 'recovery');
    assert.deepEqual([rollback?.action, rollback?.decidedBy], ['rollback', 'user']);
    for (const message of sent) assert.ok(parseHostMessage(message).ok, JSON.stringify(message));
  });
});

/** The step of the turn that came right after the rollback (the first one the parent kept). */
function stepAfterRollback(agent: Agent): number | undefined {
  for (let step = 1; step < 50; step++) {
    try {
      const messages = agent.conversationAt(step);
      if (messages.some((message) => message.role === 'user' && String(message.content).includes('The last steps were undone'))) return step;
    } catch {
      // Undone or never run: look further.
    }
  }
  return undefined;
}
