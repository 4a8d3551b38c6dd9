// Rebuilding the exact messages of a turn: plain runs, shortened contexts, branches.
import { strict as assert } from 'node:assert';
import { historyThrough, promptOfTurn, toTrainingMessages, transcriptOf, turnsByStep, type TurnSource } from '../../src/align/messages';
import type { ChatMessage } from '../../src/model/types';
import { messagesOfTurn } from '../../src/trajectory/messages';
import { makeTrajectory, read, run, SYSTEM_PROMPT, type RunSpec } from './synthetic';

function source(spec: RunSpec, parent: TurnSource['parent'] = null): TurnSource {
  return { turns: turnsByStep(makeTrajectory(spec).events), parent };
}

const steps = [read('a.py'), run('pytest'), read('b.py'), run('pytest -x')];

describe('align: messages of a turn', () => {
  it('builds turn N from the earlier turns and its new messages', () => {
    const src = source({ runId: 'r1', taskId: 't', steps, resolved: true });
    const prompt = promptOfTurn(src, 3) as ChatMessage[];
    assert.deepEqual(prompt.map((m) => m.role), ['system', 'user', 'assistant', 'tool', 'assistant', 'tool']);
    assert.equal(prompt[0]?.content, SYSTEM_PROMPT);
    assert.equal((prompt[5] as { tool_call_id: string }).tool_call_id, 'r1-c2');
    assert.deepEqual(promptOfTurn(src, 1)?.map((m) => m.role), ['system', 'user']);
  });

  it('uses sentMessages exactly when context management changed what was sent', () => {
    const spec: RunSpec = { runId: 'r2', taskId: 't', steps, resolved: true, sentMessagesAt: [4] };
    const src = source(spec);
    const turn = src.turns.get(4);
    assert.deepEqual(promptOfTurn(src, 4), turn?.sentMessages);
    assert.notDeepEqual(promptOfTurn(src, 4), historyThrough(src, 3));
  });

  it('starts a branch that recorded only its own turns with its parent\'s history', () => {
    const parent = source({ runId: 'p', taskId: 't', steps, resolved: false });
    const child = source({ runId: 'c', taskId: 't', steps: [read('a.py'), run('pytest'), read('fix.py')], resolved: true, parent: { runId: 'p', step: 2 }, firstStep: 3 },
      { source: parent, step: 2 });
    const prompt = promptOfTurn(child, 3) as ChatMessage[];
    assert.deepEqual(prompt.slice(0, 5), historyThrough(parent, 2)?.slice(0, 5));
    assert.equal(prompt.length, 6);
    assert.equal(historyThrough(child, 1)?.length, 3);
    assert.equal(transcriptOf(child)?.at(-1)?.role, 'assistant');
  });

  it('agrees with the recorder\'s messagesOfTurn on plain runs, shortened contexts and branches', () => {
    const plainSpec: RunSpec = { runId: 'm1', taskId: 't', steps, resolved: true, sentMessagesAt: [3] };
    const plain = makeTrajectory(plainSpec);
    for (let step = 1; step <= steps.length; step++) assert.deepEqual(promptOfTurn(source(plainSpec), step), messagesOfTurn(plain, step));
    const parentSpec: RunSpec = { runId: 'mp', taskId: 't', steps, resolved: false };
    const childSpec: RunSpec = { runId: 'mc', taskId: 't', steps: [...steps.slice(0, 2), read('c.py')], resolved: true, parent: { runId: 'mp', step: 2 }, firstStep: 3 };
    const child = source(childSpec, { source: source(parentSpec), step: 2 });
    assert.deepEqual(promptOfTurn(child, 3), messagesOfTurn(makeTrajectory(childSpec), 3, makeTrajectory(parentSpec)));
  });

  it('returns null when a turn on the way is missing', () => {
    const src = source({ runId: 'r3', taskId: 't', steps, resolved: true });
    const turns = new Map(src.turns);
    turns.delete(2);
    assert.equal(promptOfTurn({ turns, parent: null }, 3), null);
  });

  it('writes arguments as objects (or strings) and names tool results', () => {
    const src = source({ runId: 'r4', taskId: 't', steps, resolved: true });
    const messages = toTrainingMessages(historyThrough(src, 2) as ChatMessage[], 'object');
    const assistant = messages[2];
    assert.ok(assistant?.role === 'assistant');
    assert.deepEqual(assistant.tool_calls?.[0]?.function.arguments, { path: 'a.py' });
    assert.equal(assistant.content, '');
    assert.deepEqual(messages[3], { role: 'tool', content: 'contents of a.py', tool_call_id: 'r4-c1', name: 'read_file' });
    const asText = toTrainingMessages(historyThrough(src, 1) as ChatMessage[], 'string');
    assert.ok(asText[2]?.role === 'assistant');
    assert.equal(asText[2].tool_calls?.[0]?.function.arguments, '{"path":"a.py"}');
  });
});
