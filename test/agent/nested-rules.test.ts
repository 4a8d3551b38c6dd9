// Nested AGENTS.md through the agent, against the protocol-level fake model server: the model
// request after a call works in pkg/sub/ holds pkg/sub/AGENTS.md (once, at the end of that
// call's observation), a rules-added event names it and its call, the trajectory records both,
// and a continued conversation that already holds it is not given it again.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentEvent } from '../../src/agent/events';
import { NESTED_RULES_MARKER } from '../../src/context/nested-rules';
import type { ChatMessage } from '../../src/model/types';
import { continuationOf } from '../../src/trajectory/continuation';
import { eventRecord, headerRecord } from '../../src/trajectory/event-records';
import type { Trajectory, TrajectoryEvent } from '../../src/trajectory/format';
import { createAgent } from '../support/agent-harness';
import { createGitRepo, type GitFixture } from '../support/git-fixture';
import { startModelServer, type ModelServer, type ScriptedTurn } from '../support/model-server';

const FILES = {
  'AGENTS.md': 'Root rules: run the tests.\n',
  'pkg/sub/AGENTS.md': 'Sub rules: name things in Dutch.\n',
  'pkg/sub/file.ts': 'export const x = 1;\n',
  'pkg/other.ts': 'export const y = 2;\n',
};
const READ_SUB: ScriptedTurn = { toolCalls: [{ name: 'read_file', arguments: { path: 'pkg/sub/file.ts' } }] };
const READ_OTHER: ScriptedTurn = { toolCalls: [{ name: 'read_file', arguments: { path: 'pkg/other.ts' } }] };
const FINISH: ScriptedTurn = { toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }] };

type Request = { messages: ChatMessage[]; stream?: boolean };

function toolMessages(request: Request | undefined): string[] {
  return (request?.messages ?? []).filter((message) => message.role === 'tool').map((message) => message.content);
}

function trajectoryOf(events: AgentEvent[]): Trajectory {
  const started = events.find((event) => event.type === 'run-started');
  assert.ok(started?.type === 'run-started');
  const header = headerRecord(started, {
    createdAt: new Date(0).toISOString(), taskId: 't', repository: { remote: null, commit: null }, consent: 'local', parent: null,
    source: { agent: 'crux', format: 'crux.trajectory/1', file: null },
  });
  const recorded = events.map((event, index) => eventRecord(event, index + 1, 0)).filter((record): record is TrajectoryEvent => record !== null);
  return { header, events: recorded, outcome: null, problems: [] };
}

describe('Agent: nested AGENTS.md', () => {
  let repo: GitFixture;
  let server: ModelServer;

  beforeEach(() => {
    repo = createGitRepo(FILES);
  });
  afterEach(async () => {
    await server?.close();
    repo.remove();
  });

  it('appends the AGENTS.md of the folder worked in to that observation, once, and records it', async () => {
    server = await startModelServer({ turns: [READ_OTHER, READ_SUB, READ_SUB, FINISH] });
    const { agent, events } = await createAgent(server, repo.root, { config: { nestedRules: true } });
    assert.equal((await agent.run('look at pkg/sub')).reason, 'finished');
    const requests = (server.requests as Request[]).filter((request) => request.stream !== false);
    assert.doesNotMatch(toolMessages(requests[1]).join('\n'), /Sub rules/, 'pkg/other.ts is not in pkg/sub/');
    const afterRead = toolMessages(requests[2]);
    assert.equal(afterRead.at(-1), `pkg/sub/file.ts (1 lines)\n1\texport const x = 1;\n\n${NESTED_RULES_MARKER}: each applies to the files in its folder `
      + 'and, where it disagrees with rules given earlier, wins. Follow them there.]\n<rules file="pkg/sub/AGENTS.md" applies-to="pkg/sub/">\nSub rules: name things in Dutch.\n</rules>');
    assert.doesNotMatch(afterRead.at(-1) ?? '', /Root rules/, 'the root AGENTS.md is not appended');
    assert.doesNotMatch(toolMessages(requests[3]).at(-1) ?? '', /Sub rules/, 'given once');
    assert.equal(toolMessages(requests[3]).join('\n').split('Sub rules').length - 1, 1);

    const added = events.filter((event) => event.type === 'rules-added');
    const readCall = events.filter((event) => event.type === 'tool-call')[1];
    assert.equal(added.length, 1);
    assert.deepEqual({ ...added[0], sha256: undefined }, {
      type: 'rules-added', step: 2, callId: readCall?.type === 'tool-call' ? readCall.callId : '', path: 'pkg/sub/AGENTS.md', folder: 'pkg/sub',
      chars: FILES['pkg/sub/AGENTS.md'].length, truncated: false, sha256: undefined,
    });
    const trajectory = trajectoryOf(events);
    const record = trajectory.events.find((event) => event.type === 'rules-added');
    assert.equal(record?.type === 'rules-added' ? record.path : null, 'pkg/sub/AGENTS.md');
    const observation = trajectory.events.find((event) => event.type === 'observation' && event.callId === record?.callId);
    assert.match(observation?.type === 'observation' ? observation.output : '', /Sub rules/, 'the observation recorded is what the model saw');
    const kinds = events.map((event) => event.type).filter((type) => type !== 'model-delta');
    assert.deepEqual(kinds.slice(kinds.indexOf('rules-added') - 3, kinds.indexOf('rules-added') + 1), ['tool-call', 'approval', 'tool-result', 'rules-added']);
  });

  it('does not give it again in a continued conversation that holds it, and gives nothing when off', async () => {
    server = await startModelServer({ turns: [READ_SUB, FINISH, READ_SUB, FINISH] });
    const first = await createAgent(server, repo.root, { config: { nestedRules: true } });
    await first.agent.run('look');
    const start = await continuationOf(trajectoryOf(first.events));
    const second = await createAgent(server, repo.root, { config: { nestedRules: true } });
    await second.agent.run(start.taskText, undefined, { messages: start.messages, step: start.lastStep + 1, followUp: 'again' });
    assert.equal(second.events.filter((event) => event.type === 'rules-added').length, 0);
    const last = (server.requests as Request[]).filter((request) => request.stream !== false).at(-1);
    assert.equal(toolMessages(last).join('\n').split('Sub rules').length - 1, 1, 'the continued conversation holds it once');

    await server.close();
    server = await startModelServer({ turns: [READ_SUB, FINISH] });
    const off = await createAgent(server, repo.root);
    await off.agent.run('look');
    assert.equal(off.events.filter((event) => event.type === 'rules-added').length, 0);
    assert.doesNotMatch(JSON.stringify(server.requests), /Sub rules/);
  });

  it('gives it again once context fitting dropped the exchange that held it', async () => {
    const big = 'x'.repeat(70) + '\n';
    for (const name of ['a', 'b', 'c']) writeFileSync(join(repo.root, `${name}.txt`), big.repeat(60));
    const readBig = (name: string): ScriptedTurn => ({ toolCalls: [{ name: 'read_file', arguments: { path: `${name}.txt` } }] });
    server = await startModelServer({ turns: [READ_SUB, readBig('a'), readBig('b'), readBig('c'), READ_SUB, FINISH] });
    const context = { contextTokens: 3000, replyTokens: 500, keepRecentObservations: 1, shortenedObservationChars: 2000 };
    const { agent, events } = await createAgent(server, repo.root, { config: { nestedRules: true, context } });
    await agent.run('look');
    assert.deepEqual(events.filter((event) => event.type === 'rules-added').map((event) => event.step), [1, 5]);
  });
});
