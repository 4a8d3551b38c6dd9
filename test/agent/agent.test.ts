import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentEvent, ModelTurnEvent } from '../../src/agent/events';
import type { ChatMessage } from '../../src/model/types';
import { createAgent, RecordingCheckpoints, ScriptedApprovals } from '../support/agent-harness';
import { BUGGY_CALC, createGitRepo, type GitFixture } from '../support/git-fixture';
import { startModelServer, type ModelServer, type ScriptedTurn } from '../support/model-server';

const EDIT: ScriptedTurn = { toolCalls: [{ name: 'edit_file', arguments: { path: 'calc.js', old_string: 'a - b', new_string: 'a + b' } }] };
const FINISH: ScriptedTurn = { toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }] };

function ofType<T extends AgentEvent['type']>(events: AgentEvent[], type: T): Extract<AgentEvent, { type: T }>[] {
  return events.filter((event): event is Extract<AgentEvent, { type: T }> => event.type === type);
}

describe('Agent', () => {
  let repo: GitFixture;
  let server: ModelServer;

  beforeEach(() => {
    repo = createGitRepo(BUGGY_CALC);
  });
  afterEach(async () => {
    await server?.close();
    repo.remove();
  });

  it('runs model turns and tools to finish, emitting events in order, with the final patch', async () => {
    server = await startModelServer({ turns: [{ content: 'Reading.', toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }] }, EDIT, FINISH] });
    const { agent, events } = await createAgent(server, repo.root);
    const result = await agent.run('fix add');
    assert.equal(result.reason, 'finished');
    assert.equal(result.summary, 'done');
    assert.equal(result.steps, 3);
    assert.match(result.patch, /- {2}return a - b;\n\+ {2}return a \+ b;/);
    const kinds = events.map((event) => event.type).filter((type) => type !== 'model-delta');
    assert.deepEqual(kinds, [
      'run-started', 'model-request', 'model-turn', 'tool-call', 'approval', 'tool-result',
      'model-request', 'model-turn', 'tool-call', 'approval', 'tool-result', 'edit',
      'model-request', 'model-turn', 'tool-call', 'approval', 'tool-result', 'run-finished',
    ]);
    assert.ok(ofType(events, 'model-delta').some((event) => event.delta.kind === 'content'), 'content streamed live');
  });

  it('records enough to rebuild the exact messages of every model turn', async () => {
    server = await startModelServer({ turns: [{ toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }] }, EDIT, FINISH] });
    const { agent, events } = await createAgent(server, repo.root);
    await agent.run('fix add');
    const rebuilt: ChatMessage[] = [];
    ofType(events, 'model-turn').forEach((turn: ModelTurnEvent, index) => {
      rebuilt.push(...turn.newMessages);
      assert.deepEqual(server.requests[index]?.messages, rebuilt, `turn ${turn.step} rebuilt`);
      rebuilt.push(turn.assistant);
    });
  });

  it('asks for approval, tells the model about a denial, and remembers "always"', async () => {
    const approvals = new ScriptedApprovals([{ kind: 'deny', reason: 'not that way' }, { kind: 'approve-always' }]);
    const edit2: ScriptedTurn = { toolCalls: [{ name: 'edit_file', arguments: { path: 'calc.js', old_string: 'a + b', new_string: 'b + a' } }] };
    server = await startModelServer({ turns: [EDIT, EDIT, edit2, FINISH] });
    const { agent, events } = await createAgent(server, repo.root, { approvals, approvalSettings: { mode: 'auto-reads' } });
    const result = await agent.run('fix add');
    assert.equal(result.reason, 'finished');
    assert.equal(approvals.asked.length, 2, 'the third edit ran without asking');
    assert.match(approvals.asked[0]?.detail ?? '', /^--- a\/calc\.js\n\+\+\+ b\/calc\.js\n[\s\S]*- {2}return a - b;\n\+ {2}return a \+ b;/m, 'the user sees the diff, not JSON');
    assert.ok((approvals.asked[0]?.callId ?? '').length > 0, 'carries the call id');
    assert.match(JSON.stringify(server.requests[1]?.messages), /did not allow this action.*not that way/);
    assert.match(readFileSync(join(repo.root, 'calc.js'), 'utf8'), /return b \+ a;/);
    assert.deepEqual(ofType(events, 'approval').map((event) => [event.decidedBy, event.approved]), [
      ['user', false], ['user', true], ['policy', true], ['policy', true],
    ]);
  });

  it('counts invalid calls as observations and goes on', async () => {
    server = await startModelServer({
      turns: [
        { toolCalls: [{ name: 'read_fil', arguments: { path: 'calc.js' } }] },
        { toolCalls: [{ name: 'read_file', arguments: { file: 'calc.js' } }] },
        { toolCalls: [{ name: 'read_file', arguments: '{"path": ' }] },
        FINISH,
      ],
    });
    const { agent, events } = await createAgent(server, repo.root);
    const result = await agent.run('look');
    assert.equal(result.reason, 'finished');
    assert.equal(result.invalidToolCalls, 3);
    const calls = ofType(events, 'tool-call');
    assert.deepEqual(calls.map((call) => call.valid), [false, false, false, true]);
    assert.match(calls[0]?.invalidReason ?? '', /read_file/, 'suggests the closest tool');
  });

  it('reminds a model that replies without a tool call, and gives up after three in a row', async () => {
    server = await startModelServer({ turns: () => ({ content: 'I think the bug is in calc.js.' }) });
    const { agent, events } = await createAgent(server, repo.root);
    const result = await agent.run('fix');
    assert.equal(result.reason, 'error');
    assert.match(result.message, /3 times in a row without calling a tool/);
    assert.equal(ofType(events, 'user-message').filter((event) => event.source === 'system').length, 2);
  });

  it('stops when aborted mid-turn', async () => {
    server = await startModelServer({ turns: [{ kind: 'hang' }] });
    const { agent } = await createAgent(server, repo.root);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await agent.run('fix', controller.signal);
    assert.equal(result.reason, 'aborted');
  });

  it('ends with an error naming the server when the model keeps failing', async () => {
    server = await startModelServer({ turns: () => ({ kind: 'http-error', status: 500, body: 'boom' }) });
    const { agent, events } = await createAgent(server, repo.root);
    const result = await agent.run('fix');
    assert.equal(result.reason, 'error');
    assert.match(result.message, new RegExp(server.url.replace(/[.]/g, '\\.')));
    assert.equal(ofType(events, 'error')[0]?.fatal, true);
  });

  it('takes a checkpoint before every edit and command, not before reads', async () => {
    const checkpoints = new RecordingCheckpoints();
    server = await startModelServer({
      turns: [{ toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }, { name: 'run_command', arguments: { command: 'node test.js' } }] }, EDIT, FINISH],
    });
    const { agent, events } = await createAgent(server, repo.root, { checkpoints });
    await agent.run('fix');
    assert.equal(checkpoints.saved.length, 2);
    assert.match(checkpoints.saved[0] ?? '', /before step 1: .*node test\.js/);
    assert.equal(ofType(events, 'checkpoint').length, 2);
  });

  it('treats a reply cut off by the reply limit as cut off: its incomplete call never runs, the model is told, once', async () => {
    const cut: ScriptedTurn = { toolCalls: [{ name: 'read_file', arguments: '{"path": "ca' }], finishReason: 'length' };
    server = await startModelServer({ turns: [cut, FINISH] });
    const { agent, events } = await createAgent(server, repo.root);
    const result = await agent.run('fix add');
    assert.equal(result.reason, 'finished');
    assert.equal(ofType(events, 'tool-call').length, 1, 'only finish ran');
    assert.equal(result.invalidToolCalls, 0);
    const told = ofType(events, 'user-message').map((event) => event.text);
    assert.match(told.join('\n'), /Your reply was cut off at the reply limit of 4,096 tokens before it was complete, so none of it was run/);
    const second = server.requests.filter((request) => request.stream)[1];
    const lastAssistant = (second?.messages ?? []).filter((message) => (message as { role?: string }).role === 'assistant').pop() as Record<string, unknown>;
    assert.equal(lastAssistant['tool_calls'], undefined, 'the incomplete call is not left in the conversation');
    assert.equal(server.requests.filter((request) => request.stream)[0]?.body['max_tokens'], 4096);
  });

  it('ends the run when two replies in a row are cut off', async () => {
    const cut: ScriptedTurn = { content: 'I will explain at length', finishReason: 'length' };
    server = await startModelServer({ turns: [cut, cut, FINISH] });
    const { agent } = await createAgent(server, repo.root);
    const result = await agent.run('fix add');
    assert.equal(result.reason, 'error');
    assert.match(result.message, /cut off at the reply limit of 4,096 tokens twice in a row/);
  });

  it('ends at the step limit', async () => {
    server = await startModelServer({ turns: () => ({ toolCalls: [{ name: 'git_status', arguments: {} }] }) });
    const { agent } = await createAgent(server, repo.root, { config: { maxSteps: 2 } });
    const result = await agent.run('loop');
    assert.equal(result.reason, 'step-limit');
    assert.equal(result.steps, 2);
  });
});
