// Follow-ups: a run continues an ended run's conversation, rebuilt from its trajectory alone.
// The model gets everything before (tool results of the last reply included), the steps count
// on, and the continuation's recording rebuilds into exactly what it sent (as a branch of its
// parent at the last step). Ask mode: read-only tools, and a prose reply is the answer.
import { strict as assert } from 'node:assert';
import type { AgentEvent } from '../../src/agent/events';
import type { ChatMessage } from '../../src/model/types';
import { continuationOf, ContinuationError } from '../../src/trajectory/continuation';
import { eventRecord, headerRecord } from '../../src/trajectory/event-records';
import type { Trajectory, TrajectoryEvent } from '../../src/trajectory/format';
import { messagesOfTurn } from '../../src/trajectory/messages';
import { watchConfig } from '../../src/watch/config';
import { LoopWatch } from '../../src/watch/loop-watch';
import { createAgent } from '../support/agent-harness';
import { BUGGY_CALC, createGitRepo, type GitFixture } from '../support/git-fixture';
import { startModelServer, type ModelServer, type ScriptedTurn } from '../support/model-server';

const READ: ScriptedTurn = { content: 'Reading.', toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }] };
const FINISH: ScriptedTurn = { toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }] };

function trajectoryOf(events: AgentEvent[], runId: string, parent: Trajectory['header']['parent'] = null): Trajectory {
  const started = events.find((event) => event.type === 'run-started');
  assert.ok(started?.type === 'run-started');
  const header = headerRecord({ ...started, runId }, {
    createdAt: new Date(0).toISOString(), taskId: 't', repository: { remote: null, commit: null }, consent: 'local', parent,
    source: { agent: 'crux', format: 'crux.trajectory/1', file: null },
  });
  const recorded = events.map((event, index) => eventRecord(event, index + 1, 0)).filter((record): record is TrajectoryEvent => record !== null);
  return { header, events: recorded, outcome: null, problems: [] };
}

function streamed(server: ModelServer, from = 0): { messages: ChatMessage[]; tools?: { function: { name: string } }[] }[] {
  return server.requests.slice(from).filter((request) => request.stream) as never;
}

describe('Agent: follow-ups continue an ended run', () => {
  let repo: GitFixture;
  let server: ModelServer;
  let script: ScriptedTurn[];

  beforeEach(async () => {
    repo = createGitRepo(BUGGY_CALC);
    script = [READ, FINISH, READ, FINISH];
    server = await startModelServer({
      turns: (request) => script[request.messages.filter((message) => (message as { role?: string }).role === 'assistant').length] ?? FINISH,
    });
  });
  afterEach(async () => {
    await server.close();
    repo.remove();
  });

  it('gives the model the whole earlier conversation, the finish result and the follow-up', async () => {
    const first = await createAgent(server, repo.root);
    assert.equal((await first.agent.run('explain calc')).reason, 'finished');
    const parent = trajectoryOf(first.events, 'parent');
    const before = server.requests.length;

    const start = await continuationOf(parent);
    assert.equal(start.lastStep, 2);
    assert.equal(start.messages.at(-1)?.role, 'tool', 'the finish call gets its result');
    const second = await createAgent(server, repo.root);
    const result = await second.agent.run(start.taskText, undefined, { messages: start.messages, step: start.lastStep + 1, followUp: 'Now also check subtraction.' });
    assert.equal(result.reason, 'finished');
    assert.equal(result.steps, 4, 'steps 3 and 4');

    const sent = streamed(server, before);
    const firstPrompt = sent[0]?.messages ?? [];
    const earlier = streamed(server).slice(0, 2).at(-1)?.messages ?? [];
    assert.deepEqual(firstPrompt.slice(0, earlier.length), earlier, 'everything the first run sent comes first');
    assert.deepEqual(firstPrompt.at(-1), { role: 'user', content: 'Now also check subtraction.' });
    assert.equal(firstPrompt.filter((message) => message.role === 'assistant').length, 2);

    // The continuation's recording, with its parent at step 2, rebuilds into what it sent.
    const child = trajectoryOf(second.events, 'child', { runId: 'parent', step: 2 });
    assert.deepEqual(messagesOfTurn(child, 3, parent), firstPrompt);
    assert.deepEqual(messagesOfTurn(child, 4, parent), sent[1]?.messages);
    const userMessages = second.events.filter((event) => event.type === 'user-message');
    assert.deepEqual(userMessages.map((event) => event.type === 'user-message' && [event.step, event.source]), [[2, 'user']]);

    // A continuation of the continuation: rebuilt from its own first prompt, no parent needed.
    const again = await continuationOf(child);
    assert.equal(again.lastStep, 4);
    assert.equal(again.messages.filter((message) => message.role === 'assistant').length, 4);
  });

  it('continues a run that stopped in the middle of its tool calls, and one that never ended', async () => {
    script = [{ toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }, { name: 'list_files', arguments: {} }] }, FINISH];
    const controller = new AbortController();
    const first = await createAgent(server, repo.root);
    first.agent.onEvent((event) => {
      if (event.type === 'tool-result') controller.abort();
    });
    assert.equal((await first.agent.run('look', controller.signal)).reason, 'aborted');
    const start = await continuationOf(trajectoryOf(first.events, 'stopped'));
    const tools = start.messages.filter((message) => message.role === 'tool');
    assert.equal(tools.length, 2, 'every call of the last reply has a result');
    assert.match(tools[1]?.content ?? '', /Not run/);
    const second = await createAgent(server, repo.root);
    assert.equal((await second.agent.run('look', undefined, { messages: start.messages, step: 2, followUp: 'go on' })).reason, 'finished');
    await assert.rejects(continuationOf({ ...trajectoryOf([first.events[0] as AgentEvent], 'empty') }), ContinuationError);
  });

  it('refuses an empty follow-up', async () => {
    const first = await createAgent(server, repo.root);
    await first.agent.run('x');
    const start = await continuationOf(trajectoryOf(first.events, 'p'));
    const second = await createAgent(server, repo.root);
    await assert.rejects(second.agent.run('x', undefined, { messages: start.messages, step: 3, followUp: '  ' }), /needs some text/);
  });
});

describe('Agent: ask mode', () => {
  let repo: GitFixture;
  let server: ModelServer;

  beforeEach(async () => {
    repo = createGitRepo(BUGGY_CALC);
    server = await startModelServer({ turns: [READ, { content: 'add subtracts: calc.js line 1 uses a - b.' }] });
  });
  afterEach(async () => {
    await server.close();
    repo.remove();
  });

  it('offers only read-only tools, ends with a prose answer, and records the mode', async () => {
    const { agent, events } = await createAgent(server, repo.root, { config: { mode: 'ask' } });
    const result = await agent.run('why does add fail?');
    assert.equal(result.reason, 'finished');
    assert.equal(result.summary, 'add subtracts: calc.js line 1 uses a - b.');
    const tools = (streamed(server)[0]?.tools ?? []).map((tool) => tool.function.name).sort();
    assert.deepEqual(tools, ['git_diff', 'git_status', 'list_files', 'read_file', 'search']);
    assert.match(String(streamed(server)[0]?.messages[0]?.content), /ask mode/);
    const header = trajectoryOf(events, 'ask').header;
    assert.equal(header.mode, 'ask');
  });

  it('tells the model when a follow-up switches the mode', async () => {
    const first = await createAgent(server, repo.root, { config: { mode: 'ask' } });
    await first.agent.run('why?');
    const start = await continuationOf(trajectoryOf(first.events, 'a'));
    assert.equal(start.mode, 'ask');
    const second = await createAgent(server, repo.root);
    const before = server.requests.length;
    await second.agent.run('why?', undefined, { messages: start.messages, step: start.lastStep + 1, followUp: 'Fix it.', previousMode: start.mode });
    const last = streamed(server, before)[0]?.messages.at(-1);
    assert.match(String(last?.content), /^\[Act mode.*\n\nFix it\.$/s);
  });
});

describe('Loop watch: a continuation carries on watching', () => {
  let repo: GitFixture;
  let server: ModelServer;

  beforeEach(async () => {
    repo = createGitRepo(BUGGY_CALC);
    server = await startModelServer({ turns: (request) => (request.messages.filter((message) => (message as { role?: string }).role === 'assistant').length < 3 ? READ : FINISH) });
  });
  afterEach(async () => {
    await server.close();
    repo.remove();
  });

  it('sees a repetition that began before the follow-up', async () => {
    const first = await createAgent(server, repo.root, { config: { maxSteps: 2 } });
    assert.equal((await first.agent.run('look')).reason, 'step-limit');
    const start = await continuationOf(trajectoryOf(first.events, 'p'));
    const warningsOf = async (prime: boolean) => {
      const next = await createAgent(server, repo.root);
      const watch = new LoopWatch(next.agent, { config: watchConfig({ policy: { onWarning: 'none', onStuck: 'none' } }) });
      watch.attach();
      if (prime) watch.prime(start.source);
      await next.agent.run(start.taskText, undefined, { messages: start.messages, step: start.lastStep + 1, followUp: 'go on' });
      return next.events.filter((event) => event.type === 'loop-warning').map((event) => event.type === 'loop-warning' && `${event.finding.kind}@${event.step}`);
    };
    assert.deepEqual(await warningsOf(false), [], 'alone, one read is no loop');
    assert.ok((await warningsOf(true)).includes('identical-calls@3'), 'with the earlier steps, the third identical read is');
  });
});
