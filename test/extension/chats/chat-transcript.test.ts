// A chat shown again in the agent view: real agent runs (a question, then a follow-up that
// continues it), kept in memory as the editor keeps them, rebuilt as the host messages the view
// draws; a run cut off mid-way (interrupted) or still going (live); a long or broken chain.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatService, RESUME_TEXT } from '../../../extension/chats/chat-service';
import { chatChain, chatTranscript, TRANSCRIPT_BUDGET, type ChatRun } from '../../../extension/chats/chat-transcript';
import type { RunController } from '../../../extension/run/run-controller';
import { RunRegistry } from '../../../extension/run/run-registry';
import { RunMemory } from '../../../extension/chats/run-memory';
import type { AgentEvent } from '../../../src/agent/events';
import { parseHostMessage, type HostMessage } from '../../../src/protocol';
import { continuationOf } from '../../../src/trajectory/continuation';
import type { Trajectory } from '../../../src/trajectory/format';
import { serializeTrajectory } from '../../../src/trajectory/jsonl';
import { TrajectoryStore } from '../../../src/trajectory/store';
import { createAgent } from '../../support/agent-harness';
import { BUGGY_CALC, createGitRepo, type GitFixture } from '../../support/git-fixture';
import { startModelServer, type ModelServer } from '../../support/model-server';

const types = (messages: readonly HostMessage[]) => messages.map((message) => message.type);

describe('editor chats: a chat shown again (transcript)', () => {
  let repo: GitFixture;
  let server: ModelServer;
  let first: Trajectory;
  let second: Trajectory;

  before(async () => {
    repo = createGitRepo(BUGGY_CALC);
    server = await startModelServer({
      turns: [
        { content: 'Reading calc.js.', toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }], promptTokens: 100, completionTokens: 10 },
        { content: 'add() subtracts.', promptTokens: 150, completionTokens: 5 },
        { content: 'Nothing else is wrong.', promptTokens: 170, completionTokens: 6 },
      ],
    });
    const firstMemory = new RunMemory({ taskId: 't', parent: null });
    const one = await createAgent(server, repo.root, { config: { mode: 'ask' } });
    one.agent.onEvent((event) => firstMemory.observe(event));
    await one.agent.run('what does add do?');
    first = structuredClone(firstMemory.trajectory() as Trajectory);
    const start = await continuationOf(first);
    const secondMemory = new RunMemory({ taskId: 't', parent: { runId: start.runId, step: start.lastStep } });
    const two = await createAgent(server, repo.root, { config: { mode: 'ask' } });
    two.agent.onEvent((event) => secondMemory.observe(event));
    await two.agent.run('anything else?', undefined, { messages: start.messages, step: start.lastStep + 1, followUp: 'anything else?' });
    second = structuredClone(secondMemory.trajectory() as Trajectory);
  });
  after(async () => {
    await server.close();
    repo.remove();
  });

  const reader = (runs: Trajectory[]) => async (runId: string) => {
    const found = runs.find((run) => run.header.runId === runId);
    if (!found) throw new Error(`no run ${runId}`);
    return found;
  };

  it('follows a follow-up back to the chat\'s first run', async () => {
    const { runs, missing } = await chatChain(second, reader([first, second]));
    assert.deepEqual(runs.map((run) => run.header.runId), [first.header.runId, second.header.runId]);
    assert.equal(missing, null);
  });

  it('draws each run as its live run did, and the whole message is valid for the page', async () => {
    const message = chatTranscript([{ trajectory: first, recorded: true }, { trajectory: second, recorded: true }], { live: false });
    assert.ok(parseHostMessage(message).ok, 'the page accepts it');
    assert.equal(message.chatRunId, second.header.runId);
    assert.equal(message.title, 'what does add do?');
    assert.equal(message.interrupted, false);
    assert.deepEqual(message.retryable, []);
    assert.deepEqual(types(message.messages), [
      'run-started', 'run-info', 'chat-context', 'text-delta', 'tool-call', 'tool-approval', 'tool-result', 'text-delta', 'context-usage', 'run-finished',
      'run-started', 'run-info', 'chat-context', 'user-message', 'text-delta', 'context-usage', 'run-finished',
    ].filter((type) => type !== 'tool-approval' || first.events.some((event) => event.type === 'approval')));
    const call = message.messages.find((each) => each.type === 'tool-call');
    assert.equal(call?.type === 'tool-call' && call.title, 'calc.js');
    const result = message.messages.find((each) => each.type === 'tool-result');
    assert.match(result?.type === 'tool-result' ? result.output : '', /function add/);
    const context = message.messages.filter((each) => each.type === 'chat-context');
    assert.deepEqual(context.map((each) => each.type === 'chat-context' && each.continues), [null, { runId: first.header.runId, step: 2 }]);
    assert.deepEqual(context.map((each) => each.type === 'chat-context' && each.mode), ['ask', 'ask']);
    const usage = message.messages.filter((each) => each.type === 'context-usage').at(-1);
    assert.deepEqual(usage?.type === 'context-usage' && [usage.promptTokens, usage.completionTokens, usage.runTotalTokens], [170, 6, 176]);
    const finished = message.messages.at(-1);
    assert.equal(finished?.type === 'run-finished' && finished.summary, 'Nothing else is wrong.');
  });

  it('a run of this window is drawn with what the view was sent, and can be retried', () => {
    const info: HostMessage = {
      type: 'run-info', runId: first.header.runId, recording: 'off', recordingDetail: 'Recording is off', checkpoints: true, loopPolicy: 'nudge', parent: null,
    };
    const message = chatTranscript([{ trajectory: first, recorded: false, started: [info] }], { live: false });
    assert.deepEqual(message.messages[1], info);
    assert.equal(message.messages.filter((each) => each.type === 'chat-context').length, 0, 'only what the view was sent');
    assert.deepEqual(message.retryable, [first.header.runId]);
  });

  it('a run cut off mid-way ends interrupted, with its calls as far as they got', () => {
    const cut = { ...structuredClone(first), outcome: null };
    cut.events = cut.events.filter((event) => event.type !== 'observation' && event.step === 1);
    const message = chatTranscript([{ trajectory: cut, recorded: true }], { live: false });
    assert.equal(message.interrupted, true);
    assert.equal(message.live, false);
    assert.ok(!types(message.messages).includes('run-finished'));
    assert.ok(types(message.messages).includes('tool-call'));
  });

  it('a run still going shows the text it is streaming and the output of a running command', () => {
    const memory = new RunMemory({ taskId: 't', parent: null });
    const events: AgentEvent[] = [
      {
        type: 'run-started', runId: 'live-1', task: 'run the tests', workspaceRoot: repo.root, model: 'm', serverUrl: 'http://x', serverKind: 'vllm',
        toolFormat: 'native', tools: [], sampling: {}, maxSteps: 10, mode: 'act', rules: [],
      },
      { type: 'model-request', step: 1 },
      { type: 'model-delta', step: 1, delta: { kind: 'content', text: 'Running the ' } },
      { type: 'model-delta', step: 1, delta: { kind: 'content', text: 'tests.' } },
    ];
    for (const event of events) memory.observe(event);
    assert.deepEqual(memory.inProgress(), { step: 1, content: 'Running the tests.', reasoning: '', outputs: new Map() });
    const live: ChatRun = { trajectory: memory.trajectory() as Trajectory, recorded: false, started: [], inProgress: memory.inProgress() };
    const message = chatTranscript([live], { live: true });
    assert.equal(message.live, true);
    assert.equal(message.interrupted, false);
    assert.deepEqual(message.messages.at(-1), { type: 'text-delta', step: 1, kind: 'content', text: 'Running the tests.' });
    memory.observe({ type: 'tool-output', step: 1, callId: 'c1', chunk: 'PASS 3\n' });
    assert.equal(memory.inProgress()?.outputs.get('c1'), 'PASS 3\n');
    memory.observe({ type: 'run-finished', reason: 'aborted', message: 'Stopped.', steps: 1, patch: '', usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 }, invalidToolCalls: 0 });
    assert.equal(memory.inProgress(), null, 'nothing is in progress once it ended');
  });

  it('a long chat shows its latest runs within the budget and says so; a lost parent is named', async () => {
    const huge = structuredClone(first);
    for (const event of huge.events) if (event.type === 'model-turn') event.assistant.content = 'x'.repeat(90_000);
    const many: ChatRun[] = Array.from({ length: Math.ceil(TRANSCRIPT_BUDGET / 150_000) + 3 }, () => ({ trajectory: huge, recorded: true }));
    const message = chatTranscript(many, { live: false, missing: 'abcdef1234' });
    assert.ok(JSON.stringify(message).length < TRANSCRIPT_BUDGET * 1.1);
    assert.match(message.notice ?? '', /An earlier run of this chat \(abcdef12\) could not be read/);
    assert.match(message.notice ?? '', /first \d+ runs of this long chat are not shown/);
    const { runs, missing } = await chatChain(second, reader([second]));
    assert.equal(runs.length, 1);
    assert.equal(missing, first.header.runId);
  });

  it('the chat service shows a recorded chat again, resumes its interrupted run, and says when a chat was not recorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crux-chats-'));
    try {
      const store = new TrajectoryStore(dir);
      const cut = { ...structuredClone(second), outcome: null };
      await store.append(first.header.runId, serializeTrajectory(first));
      await store.append(cut.header.runId, serializeTrajectory(cut));
      const started: unknown[] = [];
      // The parts of the run controller the service uses; no run is going.
      const run = { running: false, session: undefined, start: async (...args: unknown[]) => void started.push(args) } as unknown as RunController;
      const chats = new ChatService({ run, registry: new RunRegistry(), store: () => store, workspaceRoot: () => repo.root, mentions: () => ({}) as never });

      const [latest] = await chats.list();
      assert.deepEqual([latest?.runId, latest?.end, latest?.running], [cut.header.runId, null, false], 'the chat is listed by its interrupted latest run');
      const shown = (await chats.prepareTranscript(cut.header.runId))();
      assert.ok(parseHostMessage(shown).ok);
      assert.equal(shown.interrupted, true);
      assert.equal(shown.messages.filter((message) => message.type === 'run-started').length, 2, 'both runs of the chat');

      const drawn: unknown[] = [];
      await chats.resumeShown(cut.header.runId, (transcript) => drawn.push(transcript.chatRunId));
      assert.deepEqual(drawn, [cut.header.runId], 'the chat is drawn before the run goes on');
      const [task, branch, chat] = started[0] as [string, unknown, { mode: string; followUp: string; continuation: { runId: string; lastStep: number } }];
      assert.equal(task, RESUME_TEXT);
      assert.equal(branch, undefined);
      assert.deepEqual([chat.mode, chat.followUp, chat.continuation.runId], ['ask', RESUME_TEXT, cut.header.runId]);

      const gone = (await chats.prepareTranscript('not-recorded'))();
      assert.equal(gone.chatRunId, null);
      assert.match(gone.notice ?? '', /was not recorded \(recording was off\).*draft is kept/);
      assert.equal(chats.restoreTarget('page-chat', null), 'page-chat');
      assert.equal(chats.restoreTarget('page-chat', 'unseen-run'), 'unseen-run', 'a run the page never saw comes first');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
