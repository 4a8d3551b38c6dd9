import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../../../src/agent/events';
import { silentLog } from '../../../src/host/ports';
import { prepareRecording, type RecordingRequest } from '../../../extension/run/run-recording';
import { createGitRepo, type GitFixture } from '../../support/git-fixture';

const API_KEY = 'sk-local-0123456789abcdefXYZ';
const started = (task: string): AgentEvent => ({
  type: 'run-started', runId: 'run-1', task, workspaceRoot: '/w', model: 'm', serverUrl: 'http://x/v1', serverKind: 'vllm',
  toolFormat: 'native', tools: [], sampling: {}, maxSteps: 5,
});

describe('extension: how a run is recorded', () => {
  let repo: GitFixture;
  let dir: string;
  const request = (extra: Partial<RecordingRequest>): RecordingRequest => ({
    consent: 'local', storeDir: join(dir, 'trajectories'), root: repo.root, task: 'fix add', excludeRepositories: [], log: silentLog, ...extra,
  });

  beforeEach(() => {
    repo = createGitRepo({ 'a.txt': 'a\n' });
    dir = mkdtempSync(join(tmpdir(), 'crux-recording-'));
  });
  afterEach(() => {
    repo.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes nothing, not even the folder, when consent is off', async () => {
    const recording = await prepareRecording(request({ consent: 'off' }));
    assert.equal(recording.recorder, null);
    assert.equal(recording.state, 'off');
    assert.match(recording.taskId, /^adhoc-[0-9a-f]{16}$/, 'a task id all the same, for a later retry');
    assert.equal(existsSync(join(dir, 'trajectories')), false);
  });

  it('never records an excluded repository', async () => {
    repo.git('remote', 'add', 'origin', 'https://github.com/django/django.git');
    assert.equal((await prepareRecording(request({}))).state, 'skipped');
    repo.git('remote', 'set-url', 'origin', 'git@example.com:team/private.git');
    const mine = await prepareRecording(request({ excludeRepositories: ['team/*'] }));
    assert.equal(mine.state, 'skipped');
    assert.match(mine.detail, /team\/\*/);
  });

  it("redacts the model server's API key wherever it shows up", async () => {
    const recording = await prepareRecording(request({ apiKey: API_KEY }));
    assert.equal(recording.state, 'recording');
    recording.recorder?.handle(started(`fix add; the key is ${API_KEY}`));
    recording.recorder?.close();
    const text = readFileSync(recording.recorder?.path ?? '', 'utf8');
    assert.doesNotMatch(text, new RegExp(API_KEY));
    assert.match(text, /the key is \[REDACTED/);
  });

  it('keeps a run file within crux.recording.maxFileMB and says where recording stopped', async () => {
    const recording = await prepareRecording(request({ maxFileBytes: 2048 }));
    const recorder = recording.recorder;
    recorder?.handle(started('fix add'));
    for (let step = 1; step <= 20; step++) {
      recorder?.handle({ type: 'user-message', step, text: `note ${step} ${'x'.repeat(200)}`, source: 'user' });
    }
    recorder?.handle({
      type: 'run-finished', reason: 'finished', message: 'Done.', patch: '', steps: 1, invalidToolCalls: 0,
      usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
    });
    recorder?.close();
    const text = readFileSync(recorder?.path ?? '', 'utf8');
    assert.ok(Buffer.byteLength(text) < 2048 + 1024, `${Buffer.byteLength(text)} bytes`);
    assert.match(text, /Recording stopped at the run file's size limit/);
  });

  it('records a retry as a branch of the same task', async () => {
    const branch = { parent: { runId: 'parent-run', step: 2 }, taskId: 'adhoc-0000000000000001' };
    const recording = await prepareRecording(request({ branch }));
    assert.equal(recording.taskId, branch.taskId);
    recording.recorder?.handle(started('fix add'));
    recording.recorder?.close();
    const header = JSON.parse(readFileSync(recording.recorder?.path ?? '', 'utf8').split('\n')[0] ?? '{}') as { parent: unknown; task: { id: string } };
    assert.deepEqual(header.parent, branch.parent);
    assert.equal(header.task.id, branch.taskId);
  });
});
