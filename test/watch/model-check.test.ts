// The optional model check's mechanics against the protocol-level fake server: the request
// it sends (non-streamed, JSON-schema response format, a digest of recent steps), its graded
// verdicts (a warning, then stuck), the confidence threshold, when it is due, bad replies as
// clear errors, and on a live agent: the watch nudges at the first confident verdict and
// stops the run at the second, while the rules alone see nothing.
import { strict as assert } from 'node:assert';
import type { AgentEvent } from '../../src/agent/events';
import { watchConfig } from '../../src/watch/config';
import { LoopWatch } from '../../src/watch/loop-watch';
import { DEFAULT_MODEL_CHECK, ModelCheck, parseVerdict, VERDICT_SCHEMA } from '../../src/watch/model-check';
import { createAgent } from '../support/agent-harness';
import { createGitRepo, type GitFixture } from '../support/git-fixture';
import { startModelServer, type ChatRequestRecord, type ModelServer, type ScriptedTurn } from '../support/model-server';

/** confidence as the schema asks: a whole percentage. */
const verdict = (looping: boolean, confidence: number, reason = 'it keeps listing the same folders') => JSON.stringify({ looping, confidence: Math.round(confidence * 100), reason });

describe('loop watch: the model check', function () {
  this.timeout(60_000);
  let server: ModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function settings(url: string) {
    return { ...DEFAULT_MODEL_CHECK, url, model: 'test-model', afterTurns: 3, everyTurns: 2, window: 4 };
  }

  it('asks with a JSON schema over a digest of the recent steps, and grades its verdicts', async () => {
    const answers = [verdict(true, 0.95), verdict(true, 0.5), verdict(true, 0.97)];
    server = await startModelServer({ turns: (_request, index) => ({ content: answers[index] ?? verdict(false, 0.1) }) });
    const check = new ModelCheck(settings(server.url));
    for (let step = 1; step <= 6; step++) check.record({ step, action: `run_command \`ls src\` (${step})`, result: 'exit 0: a.ts b.ts' });
    assert.equal(check.due(2), false, 'not before afterTurns');
    assert.equal(check.due(3), true);
    const first = await check.check(6);
    assert.equal(first?.kind, 'model-check');
    assert.equal(first?.severity, 'warning');
    assert.deepEqual([first?.fromStep, first?.toStep, first?.steps], [3, 6, [3, 4, 5, 6]], 'the last `window` steps');
    assert.match(first?.summary ?? '', /confidence 0\.95\): it keeps listing the same folders/);
    assert.equal(check.due(7), false, 'then every everyTurns');
    assert.equal(await check.check(8), null, 'below minConfidence');
    const second = await check.check(10);
    assert.equal(second?.severity, 'stuck', 'the second confident verdict is stuck');

    const request = server.requests[0] as ChatRequestRecord;
    assert.equal(request.stream, false);
    assert.deepEqual((request.body.response_format as { json_schema: { schema: unknown } }).json_schema.schema, VERDICT_SCHEMA);
    assert.equal(request.body.model, 'test-model');
    const user = JSON.stringify(request.messages.at(-1));
    assert.match(user, /#3 run_command `ls src` \(3\)/);
    assert.doesNotMatch(user, /#2 /, 'older steps are not sent');
  });

  it('turns a reply that is not a verdict into a clear error', async () => {
    assert.deepEqual(parseVerdict({ choices: [{ message: { content: '```json\n{"looping": false, "confidence": 200, "reason": "fine"}\n```' } }] }),
      { looping: false, confidence: 1, reason: 'fine' });
    assert.equal(parseVerdict({ choices: [{ message: { content: '{"looping": true, "confidence": 93, "reason": "x"}' } }] }).confidence, 0.93);
    assert.throws(() => parseVerdict({ choices: [{ message: { content: 'I think so' } }] }), /not JSON: I think so/);
    assert.throws(() => parseVerdict({ choices: [{ message: { content: '{"looping": "yes"}' } }] }), /lacks looping\/confidence/);
    assert.throws(() => parseVerdict({ choices: [] }), /without text/);
    server = await startModelServer({ turns: () => ({ kind: 'http-error', status: 503, body: 'busy' }) });
    await assert.rejects(new ModelCheck(settings(server.url)).check(5), /HTTP 503/);
  });

  describe('on a live agent', () => {
    let repo: GitFixture;
    beforeEach(() => {
      repo = createGitRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    });
    afterEach(() => repo.remove());

    it('nudges at the first confident verdict and stops the run at the second', async () => {
      // The agent reads files in turn: each read is new information, so no rule fires. The
      // judge (a non-streamed request) says it loops.
      const reads = ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt', 'f.txt', 'g.txt', 'h.txt', 'i.txt', 'j.txt'];
      let turn = 0;
      server = await startModelServer({
        turns: (request): ScriptedTurn => {
          if (!request.stream) return { content: verdict(true, 0.96, 'it reads file after file without a plan') };
          const path = reads[turn++ % reads.length] ?? 'a.txt';
          return { toolCalls: [{ name: 'read_file', arguments: { path } }] };
        },
      });
      const { agent, events } = await createAgent(server, repo.root, { config: { maxSteps: 12 } });
      const check = new ModelCheck({ ...settings(server.url), afterTurns: 3, everyTurns: 3 });
      const watch = new LoopWatch(agent, { config: watchConfig(), modelCheck: check });
      watch.attach();
      const result = await agent.run('look around');
      assert.equal(result.reason, 'aborted');
      const warnings = events.filter((event): event is Extract<AgentEvent, { type: 'loop-warning' }> => event.type === 'loop-warning');
      assert.deepEqual(warnings.map((event) => [event.finding.id, event.finding.kind, event.finding.severity]),
        [['loop-1', 'model-check', 'warning'], ['loop-1', 'model-check', 'stuck']], 'one finding, escalated in place');
      const recoveries = events.filter((event) => event.type === 'recovery').map((event) => (event as { action: string }).action);
      assert.deepEqual(recoveries, ['nudge', 'stop']);
      assert.ok(server.requests.some((request) => !request.stream && JSON.stringify(request.messages).includes('c.txt')), 'the digest names what the steps did');
      assert.equal(watch.stoppedBy?.kind, 'model-check');
    });

    it('goes on without it when the model check fails', async () => {
      let turn = 0;
      server = await startModelServer({
        turns: (request): ScriptedTurn => {
          if (!request.stream) return { kind: 'http-error', status: 500, body: 'no' };
          turn++;
          return turn < 5 ? { toolCalls: [{ name: 'read_file', arguments: { path: turn % 2 ? 'a.txt' : 'b.txt' } }] } : { toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }] };
        },
      });
      const warnings: string[] = [];
      const { agent } = await createAgent(server, repo.root, { config: { maxSteps: 8 } });
      const watch = new LoopWatch(agent, {
        modelCheck: new ModelCheck(settings(server.url)),
        log: { debug: () => undefined, info: () => undefined, warn: (message: string) => warnings.push(message), error: () => undefined },
      });
      watch.attach();
      const result = await agent.run('look');
      assert.equal(result.reason, 'finished');
      assert.ok(warnings.some((message) => /model check failed \(HTTP 500/.test(message)), warnings.join('\n'));
    });
  });
});
