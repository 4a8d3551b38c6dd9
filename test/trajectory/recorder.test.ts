import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentEvent } from '../../src/agent/events';
import { eventRecord } from '../../src/trajectory/event-records';
import { readTrajectoryFile } from '../../src/trajectory/jsonl';
import { fullConversation, messagesOfTurn, TurnNotFoundError } from '../../src/trajectory/messages';
import { adHocTaskId } from '../../src/trajectory/repository';
import { TrajectoryStore } from '../../src/trajectory/store';
import { CRUX_VERSION } from '../../src/version';
import { recordRun, sampleRun, tempDir, type TempDir } from './fixtures';

const GITHUB_REPO = { remote: 'github.com/acme/widgets', commit: 'c0ffee', remoteUrls: ['git@github.com:acme/widgets.git'] };

describe('TrajectoryRecorder', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it('round-trips every event type: what is read back equals what was recorded', async () => {
    const events = sampleRun();
    const recorder = recordRun(dir.path, events, { repository: GITHUB_REPO });
    recorder.close();
    assert.equal(recorder.status.kind, 'finished');
    const trajectory = await readTrajectoryFile(recorder.path ?? '');
    assert.deepEqual(trajectory.problems, []);

    const expected = events
      .filter((event) => event.type !== 'run-started' && event.type !== 'run-finished')
      .map((event) => eventRecord(event, 0, 1_700_000_000_000))
      .filter((record) => record !== null)
      .map((record, index) => ({ ...record, seq: index + 1 }));
    assert.deepEqual(trajectory.events, expected);
    const types = new Set(trajectory.events.map((event) => event.type));
    assert.deepEqual([...types].sort(), ['approval', 'checkpoint', 'edit', 'error', 'loop-warning', 'model-turn', 'observation', 'recovery', 'rules-added', 'tool-call', 'user-message']);

    const started = events[0] as Extract<AgentEvent, { type: 'run-started' }>;
    assert.deepEqual(trajectory.header, {
      kind: 'header', format: 'crux.trajectory/1', runId: 'run-0001', createdAt: new Date(1_700_000_000_000).toISOString(),
      task: { id: adHocTaskId(GITHUB_REPO, started.task), text: started.task },
      repository: { remote: 'github.com/acme/widgets', commit: 'c0ffee' },
      model: { name: 'qwen-coder', serverKind: 'vllm', serverUrl: 'http://127.0.0.1:8000/v1' },
      sampling: { temperature: 0.2, maxTokens: 2048 }, toolFormat: 'native', tools: started.tools, maxSteps: 30,
      cruxVersion: CRUX_VERSION, consent: 'local', parent: null, source: { agent: 'crux', format: 'crux.trajectory/1', file: null },
    });
    assert.deepEqual(trajectory.outcome, {
      kind: 'outcome', t: 1_700_000_000_000, end: 'finished', message: 'The agent finished the task.', summary: 'Done: plain words',
      patch: (events.at(-1) as Extract<AgentEvent, { type: 'run-finished' }>).patch, emptyPatch: false, steps: 2,
      usage: { promptTokens: 300, completionTokens: 50, totalTokens: 350 }, invalidToolCalls: 1, test: null, verdict: null, resolved: null,
    });
  });

  it('writes the level in force, the task id, the parent and the source it is given', async () => {
    const recorder = recordRun(dir.path, sampleRun(), {
      consent: 'share', taskId: 'sympy__sympy-20590', parent: { runId: 'run-0000', step: 3 },
      source: { agent: 'rollout', format: 'crux.trajectory/1', file: null },
    });
    const { header } = await readTrajectoryFile(recorder.path ?? '');
    assert.equal(header.consent, 'share');
    assert.equal(header.task.id, 'sympy__sympy-20590');
    assert.deepEqual(header.parent, { runId: 'run-0000', step: 3 });
    assert.equal(header.source.agent, 'rollout');
  });

  it('writes each event before handle() returns (the bus is synchronous)', () => {
    const events = sampleRun();
    const store = new TrajectoryStore(dir.path);
    const recorder = recordRun(dir.path, events.slice(0, 1), { store });
    const path = recorder.path ?? '';
    let lines = readFileSync(path, 'utf8').split('\n').length - 1;
    for (const event of events.slice(1)) {
      recorder.handle(event);
      const now = readFileSync(path, 'utf8').split('\n').length - 1;
      const recorded = event.type !== 'model-delta' && event.type !== 'tool-output';
      assert.equal(now, lines + (recorded ? 1 : 0), `after ${event.type}`);
      lines = now;
    }
  });

  it('writes nothing at all, not even a folder, when consent is off', () => {
    const target = join(dir.path, 'nested', 'trajectories');
    const recorder = recordRun(target, sampleRun(), { consent: 'off' });
    recorder.updateOutcome({ verdict: 'accept', origin: 'user' });
    recorder.close();
    assert.equal(recorder.status.kind, 'off');
    assert.equal(recorder.path, null);
    assert.deepEqual(readdirSync(dir.path), []);
  });

  it('does not record a repository on the exclusion list, whichever remote names it', () => {
    for (const remoteUrls of [
      ['https://github.com/django/django.git'],
      ['git@github.com:me/my-fork.git', 'git@github.com:sympy/sympy.git'],
      ['https://x-access-token:abc@github.com/PyCQA/pylint'],
    ]) {
      const recorder = recordRun(dir.path, sampleRun(), { repository: { remote: 'whatever', commit: null, remoteUrls } });
      assert.equal(recorder.status.kind, 'excluded', remoteUrls.join(' '));
    }
    const custom = recordRun(dir.path, sampleRun(), { repository: GITHUB_REPO, exclusions: ['acme/*'] });
    assert.equal(custom.status.kind, 'excluded');
    assert.deepEqual(readdirSync(dir.path), []);
  });

  it('appends outcome updates after the run without rewriting what was written', async () => {
    const recorder = recordRun(dir.path, sampleRun());
    const path = recorder.path ?? '';
    const before = readFileSync(path);
    recorder.updateOutcome({ test: { command: 'npm test', passed: true, exitCode: 0, timedOut: false, outputTail: 'ok' }, resolved: true, origin: 'test-cmd' });
    recorder.close();
    recorder.updateOutcome({ verdict: 'reject', origin: 'user' });
    const after = readFileSync(path);
    assert.ok(after.subarray(0, before.length).equals(before), 'earlier bytes unchanged');
    const trajectory = await readTrajectoryFile(path);
    assert.equal(trajectory.outcome?.test?.passed, true);
    assert.equal(trajectory.outcome?.resolved, true);
    assert.equal(trajectory.outcome?.verdict, 'reject');
    const [summary] = await new TrajectoryStore(dir.path).list();
    assert.equal(summary?.verdict, 'reject');
    assert.equal(summary?.testPassed, true);
  });

  it('stops recording on a failed write and never throws into the run', () => {
    const store = new TrajectoryStore(join(dir.path, 'store'));
    const errors: string[] = [];
    const log = { debug() {}, info() {}, warn() {}, error: (message: string) => errors.push(message) };
    const events = sampleRun();
    const recorder = recordRun(dir.path, events.slice(0, 2), { store, log });
    // Make the next write fail: the store's folder is gone and the file handle closed.
    recorder.close();
    dir.remove();
    assert.doesNotThrow(() => {
      for (const event of events.slice(2)) recorder.handle(event);
    });
    assert.equal(recorder.status.kind, 'failed');
    assert.equal(errors.length, 1);
  });

  it('keeps the run id as the file name, or a fresh one when the id is unusable as one', () => {
    const good = recordRun(dir.path, sampleRun('x', 'abc-123'));
    assert.equal(good.path, join(dir.path, 'abc-123.jsonl'));
    const bad = recordRun(dir.path, sampleRun('x', '../../escape'));
    assert.equal(bad.path?.startsWith(dir.path), true);
    assert.ok(!existsSync(join(dir.path, '..', '..', 'escape.jsonl')));
  });
});

describe('messagesOfTurn', () => {
  it('rebuilds each turn from the turns before it, or takes the exact messages sent', async () => {
    const dir = tempDir();
    try {
      const recorder = recordRun(dir.path, sampleRun());
      const trajectory = await readTrajectoryFile(recorder.path ?? '');
      const [turn1, turn2] = trajectory.events.filter((event) => event.type === 'model-turn');
      assert.ok(turn1?.type === 'model-turn' && turn2?.type === 'model-turn');
      assert.deepEqual(messagesOfTurn(trajectory, 1), turn1.newMessages);
      assert.deepEqual(messagesOfTurn(trajectory, 2), turn2.sentMessages);
      assert.deepEqual(fullConversation(trajectory), [...turn1.newMessages, turn1.assistant, ...turn2.newMessages, turn2.assistant]);
      assert.throws(() => messagesOfTurn(trajectory, 3), TurnNotFoundError);

      // A branch that records only its own turns takes the shared prefix from its parent.
      const branch = { header: { parent: { runId: 'run-0001', step: 1 } }, events: [turn2] };
      assert.deepEqual(fullConversation(branch, trajectory), fullConversation(trajectory));
      assert.throws(() => messagesOfTurn(branch, 2), /pass that run as the parent/);
    } finally {
      dir.remove();
    }
  });
});
