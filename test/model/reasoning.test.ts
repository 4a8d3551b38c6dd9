import { strict as assert } from 'node:assert';
import { ThinkSplitter } from '../../src/model/think-splitter';
import { TurnAccumulator } from '../../src/model/turn-accumulator';
import type { ModelServer } from '../support/model-server';
import { deltaRecorder, serverAndClient, turnRequest } from './helpers';

function split(chunks: string[], assumeOpen = false) {
  const live = { content: '', reasoning: '' };
  const splitter = new ThinkSplitter(
    { content: (text) => (live.content += text), reasoning: (text) => (live.reasoning += text) },
    assumeOpen,
  );
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return { live, result: splitter.result() };
}

/** Every way of cutting `text` into three chunks. */
function threeWaySplits(text: string): string[][] {
  const splits: string[][] = [];
  for (let i = 0; i <= text.length; i++) {
    for (let j = i; j <= text.length; j++) splits.push([text.slice(0, i), text.slice(i, j), text.slice(j)]);
  }
  return splits;
}

describe('reasoning apart from the answer', () => {
  describe('ThinkSplitter', () => {
    it('separates a <think> block however the chunks cut the tags', () => {
      for (const chunks of threeWaySplits('<think>plan</think>\nanswer')) {
        const { live, result } = split(chunks);
        assert.equal(result.reasoning, 'plan', JSON.stringify(chunks));
        assert.equal(result.content, '\nanswer', JSON.stringify(chunks));
        assert.deepEqual(live, { content: result.content, reasoning: result.reasoning }, 'live deltas match the result');
        assert.equal(result.openTagMissing, false);
      }
    });

    it('treats everything before an orphan </think> as reasoning (template opened the block)', () => {
      for (const chunks of threeWaySplits('I should add.</think>Fixed it.')) {
        const { result } = split(chunks);
        assert.equal(result.reasoning, 'I should add.', JSON.stringify(chunks));
        assert.equal(result.content, 'Fixed it.');
        assert.equal(result.openTagMissing, true);
      }
    });

    it('streams reasoning live once it has learnt that the template opens the block', () => {
      const { live, result } = split(['Think', 'ing.</thi', 'nk>Answer.'], true);
      assert.deepEqual(live, { reasoning: 'Thinking.', content: 'Answer.' });
      assert.equal(result.openTagMissing, true);
    });

    it('gives an assumed block back to the answer when the reply never closes one', () => {
      const { result } = split(['Just ', 'an answer.'], true);
      assert.deepEqual([result.content, result.reasoning, result.openTagMissing], ['Just an answer.', '', false]);
    });

    it('keeps text that only looks like the start of a tag', () => {
      const { result } = split(['a <thin', 'g> and </th', 'ing> <']);
      assert.equal(result.content, 'a <thing> and </thing> <');
      assert.equal(result.reasoning, '');
    });
  });

  describe('through the client', () => {
    let server: ModelServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it('takes reasoning from `reasoning_content` (llama.cpp) and `reasoning` (vLLM, Ollama) fields', async () => {
      for (const dialect of ['llamacpp', 'vllm', 'ollama'] as const) {
        const setup = await serverAndClient({ dialect, turns: [{ reasoning: 'Check the sign.', content: 'Done.' }] });
        const result = await setup.client.turn(turnRequest());
        await setup.server.close();
        assert.equal(result.reasoning, 'Check the sign.', dialect);
        assert.equal(result.content, 'Done.', dialect);
      }
    });

    it('takes one copy when a server sends both field names with the same text', () => {
      const accumulator = new TurnAccumulator({ format: 'native', tools: [], assumeThinkOpen: false });
      accumulator.addChunk({ choices: [{ index: 0, delta: { reasoning: 'Once.', reasoning_content: 'Once.' } }] });
      accumulator.addChunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
      assert.equal(accumulator.finish().reasoning, 'Once.');
    });

    it('splits <think> from content streamed in small chunks, keeping think text out of content deltas', async () => {
      const setup = await serverAndClient({
        chunkSize: 3,
        turns: [{ content: '<think>\nThe sign is wrong.\n</think>\n\nChanged - to +.' }],
      });
      server = setup.server;
      const recorder = deltaRecorder();
      const result = await setup.client.turn(turnRequest('native', { onDelta: recorder.onDelta }));
      assert.equal(result.reasoning, 'The sign is wrong.');
      assert.equal(result.content, 'Changed - to +.');
      assert.equal(result.rawContent, '<think>\nThe sign is wrong.\n</think>\n\nChanged - to +.');
      assert.equal(recorder.text('content').trim(), 'Changed - to +.');
      assert.equal(recorder.text('reasoning').trim(), 'The sign is wrong.');
    });

    it('handles the missing opening tag, and streams it as reasoning on the next turn of that model', async () => {
      const reply = { content: 'Need to flip the sign.\n</think>\n\nFlipped it.' };
      const setup = await serverAndClient({ chunkSize: 5, turns: [reply, reply] });
      server = setup.server;
      const first = await setup.client.turn(turnRequest());
      assert.deepEqual([first.reasoning, first.content], ['Need to flip the sign.', 'Flipped it.']);
      const recorder = deltaRecorder();
      const second = await setup.client.turn(turnRequest('native', { onDelta: recorder.onDelta }));
      assert.deepEqual([second.reasoning, second.content], ['Need to flip the sign.', 'Flipped it.']);
      assert.equal(recorder.text('content').trim(), 'Flipped it.');
    });
  });
});
