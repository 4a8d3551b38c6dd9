import { strict as assert } from 'node:assert';
import { CallSpanFilter } from '../../src/model/call-span-filter';
import { SseDecoder, type SseEvent } from '../../src/model/sse';
import { hermesFormat, jsonFormat, type TextToolFormat } from '../../src/model/text-tools';

function decodeInPieces(bytes: Uint8Array, cuts: number[]): SseEvent[] {
  const decoder = new SseDecoder();
  const events: SseEvent[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    decoder.push(bytes.subarray(start, cut), (event) => events.push(event));
    start = cut;
  }
  decoder.end((event) => events.push(event));
  return events;
}

describe('SseDecoder', () => {
  const STREAM =
    ': keep-alive\n\ndata: {"a":"é"}\n\ndata: line one\ndata: line two\r\n\r\nevent: error\ndata: {"message":"x"}\n\n' +
    'error: {"code":500}\n\ndata:[DONE]\n\n';
  const EXPECTED: SseEvent[] = [
    { event: null, data: '{"a":"é"}' },
    { event: null, data: 'line one\nline two' },
    { event: 'error', data: '{"message":"x"}' },
    { event: 'error', data: '{"code":500}' },
    { event: null, data: '[DONE]' },
  ];

  it('decodes events however the bytes are cut, multi-byte characters included', () => {
    const bytes = new TextEncoder().encode(STREAM);
    for (let cut = 0; cut <= bytes.length; cut++) {
      assert.deepEqual(decodeInPieces(bytes, [cut]), EXPECTED, `cut at byte ${cut}`);
    }
    assert.deepEqual(decodeInPieces(bytes, Array.from({ length: bytes.length }, (_, i) => i)), EXPECTED, 'byte by byte');
  });

  it('delivers a last event that lacks the blank line', () => {
    assert.deepEqual(decodeInPieces(new TextEncoder().encode('data: tail'), []), [{ event: null, data: 'tail' }]);
  });
});

describe('CallSpanFilter', () => {
  function filter(chunks: string[], format: TextToolFormat = hermesFormat) {
    let content = '';
    const spans: string[] = [];
    const spanFilter = new CallSpanFilter(format.spans, {
      content: (text) => (content += text),
      span: (text) => {
        spans.push(text);
        return format.parse(text).calls.length > 0;
      },
    });
    for (const chunk of chunks) spanFilter.push(chunk);
    spanFilter.end();
    return { content, spans };
  }

  it('holds a call back from content however the chunks cut its tags', () => {
    const text = 'A <tool_call>{"name":"x","arguments":{}}</tool_call> B';
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j += 3) {
        const { content, spans } = filter([text.slice(0, i), text.slice(i, j), text.slice(j)]);
        assert.equal(content, 'A  B', `cuts ${i}, ${j}`);
        assert.deepEqual(spans, ['<tool_call>{"name":"x","arguments":{}}</tool_call>']);
      }
    }
  });

  it('releases a span that is not a call as content', () => {
    const text = 'Run:\n```sh\nnpm test\n```\nthen ```json\n{"name":"x","arguments":{}}\n``` done';
    const { content, spans } = filter([text.slice(0, 9), text.slice(9, 20), text.slice(20)], jsonFormat);
    assert.equal(content, 'Run:\n```sh\nnpm test\n```\nthen  done');
    assert.equal(spans.length, 2);
  });

  it('judges an unclosed span at the end, and releases a partial marker that never completed', () => {
    assert.equal(filter(['see <tool_', 'call>{"name":"x","arguments":{}}']).content, 'see ');
    assert.equal(filter(['a < b and <tool']).content, 'a < b and <tool');
  });
});
