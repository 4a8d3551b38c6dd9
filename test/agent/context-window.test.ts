import { strict as assert } from 'node:assert';
import { DEFAULT_CONTEXT_BUDGET, estimateTokens, fitContext, type ContextBudget } from '../../src/agent/context-window';
import { givenRuleFiles, nestedRulesBlock } from '../../src/context/nested-rules';
import type { ChatMessage } from '../../src/model/types';

function exchange(i: number, outputChars: number): ChatMessage[] {
  return [
    { role: 'assistant', content: null, tool_calls: [{ id: `c${i}`, type: 'function', function: { name: 'read_file', arguments: `{"path":"f${i}"}` } }] },
    { role: 'tool', tool_call_id: `c${i}`, content: `line\n`.repeat(outputChars / 5) },
  ];
}

function conversation(exchanges: number, outputChars: number): ChatMessage[] {
  const head: ChatMessage[] = [{ role: 'system', content: 'sys' }, { role: 'user', content: 'Task: fix it' }];
  return [...head, ...Array.from({ length: exchanges }, (_, i) => exchange(i, outputChars)).flat()];
}

/** Every tool result must follow the assistant message that made its call. */
function assertCallsPaired(messages: ChatMessage[]): void {
  const open = new Set<string>();
  for (const message of messages) {
    if (message.role === 'assistant') for (const call of message.tool_calls ?? []) open.add(call.id);
    if (message.role === 'tool') assert.ok(open.has(message.tool_call_id), `result ${message.tool_call_id} lost its call`);
  }
}

describe('fitContext', () => {
  it('leaves a conversation that fits untouched', () => {
    const messages = conversation(3, 100);
    const fitted = fitContext(messages, DEFAULT_CONTEXT_BUDGET);
    assert.equal(fitted.changed, false);
    assert.deepEqual(fitted.messages, messages);
  });

  it('shortens old observations first, keeping the recent ones whole', () => {
    const budget: ContextBudget = { contextTokens: 8000, replyTokens: 1000, keepRecentObservations: 2, shortenedObservationChars: 50 };
    const messages = conversation(8, 4000);
    const fitted = fitContext(messages, budget);
    assert.equal(fitted.changed, true);
    assert.ok(fitted.estimatedTokens <= 7000);
    const tools = fitted.messages.filter((m) => m.role === 'tool');
    assert.equal(tools.length, 8, 'no message dropped when shortening suffices');
    assert.match(tools[0]?.content ?? '', /characters of this old output omitted/);
    assert.equal(tools[7]?.content, messages[messages.length - 1]?.content);
    assertCallsPaired(fitted.messages);
  });

  it('drops whole old exchanges when shortening is not enough, keeping the task and the latest exchange', () => {
    const budget: ContextBudget = { contextTokens: 3000, replyTokens: 500, keepRecentObservations: 1, shortenedObservationChars: 2000 };
    const messages = conversation(10, 3000);
    const fitted = fitContext(messages, budget);
    assert.equal(fitted.messages[0]?.content, 'sys');
    assert.equal(fitted.messages[1]?.content, 'Task: fix it');
    assert.match(String(fitted.messages[2]?.content), /earlier steps of this task were removed/);
    assert.deepEqual(fitted.messages.slice(-2), messages.slice(-2));
    assert.ok(estimateTokens(fitted.messages) < estimateTokens(messages));
    assertCallsPaired(fitted.messages);
  });

  it('keeps a nested AGENTS.md given with an old observation whole when shortening it; a dropped one is no longer given', () => {
    const budget: ContextBudget = { contextTokens: 8000, replyTokens: 1000, keepRecentObservations: 2, shortenedObservationChars: 50 };
    const messages = conversation(8, 4000);
    const rules = nestedRulesBlock([{ path: 'pkg/AGENTS.md', folder: 'pkg', text: 'Use tabs in pkg.', chars: 16, truncated: false, sha256: '' }]);
    const first = messages[3];
    assert.ok(first?.role === 'tool');
    messages[3] = { ...first, content: first.content + rules };
    const shortened = fitContext(messages, budget).messages.filter((m) => m.role === 'tool')[0]?.content ?? '';
    assert.match(shortened, /characters of this old output omitted/);
    assert.ok(shortened.endsWith(rules), 'the rules block stays whole, after the shortened output');
    assert.deepEqual([...givenRuleFiles(fitContext(messages, budget).messages)], ['pkg/AGENTS.md']);

    const small: ContextBudget = { contextTokens: 3000, replyTokens: 500, keepRecentObservations: 1, shortenedObservationChars: 2000 };
    assert.deepEqual([...givenRuleFiles(fitContext(messages, small).messages)], [], 'its exchange was dropped: the agent gives it again');
  });
});
