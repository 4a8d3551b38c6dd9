// Starting a run from another run's prompt at a step ("retry from here" in the editor): the
// new run's model gets exactly that prompt, its steps count on from there, and what it records
// rebuilds, with its parent's turns, into exactly the prompts it sent (the rule of branches in
// docs/trajectory-format.md).
import { strict as assert } from 'node:assert';
import type { AgentEvent } from '../../src/agent/events';
import { eventRecord } from '../../src/trajectory/event-records';
import type { TrajectoryEvent } from '../../src/trajectory/format';
import { messagesOfTurn } from '../../src/trajectory/messages';
import { createAgent, RecordingCheckpoints } from '../support/agent-harness';
import { BUGGY_CALC, createGitRepo, type GitFixture } from '../support/git-fixture';
import { startModelServer, type ModelServer, type ScriptedTurn } from '../support/model-server';

const READ: ScriptedTurn = { content: 'Reading.', toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }] };
const EDIT: ScriptedTurn = { toolCalls: [{ name: 'edit_file', arguments: { path: 'calc.js', old_string: 'a - b', new_string: 'a + b' } }] };
const FINISH: ScriptedTurn = { toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }] };
/** The turn is picked by the replies already in the request, so a taken-up run gets the same script. */
const SCRIPT = [READ, EDIT, READ, FINISH];

function ofType<T extends AgentEvent['type']>(events: AgentEvent[], type: T): Extract<AgentEvent, { type: T }>[] {
  return events.filter((event): event is Extract<AgentEvent, { type: T }> => event.type === type);
}

function records(events: AgentEvent[]): TrajectoryEvent[] {
  return events.map((event, index) => eventRecord(event, index + 1, 0)).filter((record): record is TrajectoryEvent => record !== null);
}

describe('Agent: a run taken up from another run at a step', () => {
  let repo: GitFixture;
  let server: ModelServer;

  beforeEach(async () => {
    repo = createGitRepo(BUGGY_CALC);
    server = await startModelServer({
      turns: (request) => {
        const replies = request.messages.filter((message) => (message as { role?: string }).role === 'assistant').length;
        return SCRIPT[replies] ?? FINISH;
      },
    });
  });
  afterEach(async () => {
    await server.close();
    repo.remove();
  });

  it('gives the conversation of any step as its model was given it', async () => {
    const { agent } = await createAgent(server, repo.root);
    await agent.run('fix add');
    const streamed = server.requests.filter((request) => request.stream);
    for (const step of [1, 2, 3, 4]) assert.deepEqual(agent.conversationAt(step), streamed[step - 1]?.messages, `step ${step}`);
    assert.throws(() => agent.conversationAt(5), /step 5 is not in this run/);
  });

  it('forgets the steps a rollback undid', async () => {
    const { agent } = await createAgent(server, repo.root, { checkpoints: new RecordingCheckpoints() });
    let rolledBack = false;
    agent.addHooks({
      beforeModelTurn: async (next) => {
        if (next === 4 && !rolledBack) {
          rolledBack = true;
          await agent.rollbackTo(2);
        }
      },
    });
    await agent.run('fix add');
    assert.ok(agent.conversationAt(1).length > 0);
    assert.throws(() => agent.conversationAt(2), /undid it/);
    assert.throws(() => agent.conversationAt(3), /undid it/);
  });

  it('starts from that prompt, counts steps on from there, and records only its own part', async () => {
    const parent = await createAgent(server, repo.root);
    await parent.agent.run('fix add');
    const parentRequests = server.requests.length;
    const prompt = parent.agent.conversationAt(3);

    const branch = await createAgent(server, repo.root);
    const result = await branch.agent.run('fix add', undefined, { messages: prompt, step: 3 });
    assert.equal(result.reason, 'finished');
    assert.equal(result.steps, 4, 'steps 3 and 4: the branch counts on from its parent');
    const sent = server.requests.slice(parentRequests).filter((request) => request.stream);
    assert.deepEqual(sent[0]?.messages, prompt, 'the first request is the parent prompt of step 3');

    const turns = ofType(branch.events, 'model-turn');
    assert.deepEqual(turns.map((turn) => turn.step), [3, 4]);
    assert.ok(turns[0]?.sentMessages, 'the first turn records the whole prompt it sent');
    assert.deepEqual(turns[0]?.newMessages.map((message) => message.role), ['tool'], 'only what followed the parent reply of step 2');

    // Rebuilt as a branch of its parent (header.parent = the parent's step 2).
    const parentTrajectory = { events: records(parent.events) };
    const branchTrajectory = { events: records(branch.events), header: { parent: { runId: 'parent', step: 2 } } };
    assert.deepEqual(messagesOfTurn(branchTrajectory, 4, parentTrajectory), sent[1]?.messages);
    assert.deepEqual(messagesOfTurn(branchTrajectory, 3, parentTrajectory), prompt);
  });

  it('refuses a conversation that cannot be the prompt of that step', async () => {
    const { agent } = await createAgent(server, repo.root);
    await assert.rejects(agent.run('x', undefined, { messages: [{ role: 'user', content: 'x' }], step: 1 }), /system prompt/);
    await assert.rejects(agent.run('x', undefined, { messages: [{ role: 'system', content: 's' }], step: 0 }), /step 0/);
    const parent = await createAgent(server, repo.root);
    await parent.agent.run('fix add');
    await assert.rejects(agent.run('x', undefined, { messages: parent.agent.conversationAt(4), step: 2 }), /3 replies/);
  });
});
