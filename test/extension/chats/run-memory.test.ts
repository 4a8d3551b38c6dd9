// The editor's memory of a run (for follow-ups, recorded or not) and its token meter, fed from a
// real agent's events.
import { strict as assert } from 'node:assert';
import { UsageMeter } from '../../../extension/chats/usage-meter';
import { RunMemory } from '../../../extension/chats/run-memory';
import { continuationOf } from '../../../src/trajectory/continuation';
import { createAgent } from '../../support/agent-harness';
import { BUGGY_CALC, createGitRepo, type GitFixture } from '../../support/git-fixture';
import { startModelServer, type ModelServer } from '../../support/model-server';

describe('editor chats: run memory and usage meter', () => {
  let repo: GitFixture;
  let server: ModelServer;

  beforeEach(async () => {
    repo = createGitRepo(BUGGY_CALC);
    server = await startModelServer({
      turns: [
        { toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }], promptTokens: 100, completionTokens: 10 },
        { content: 'It subtracts.', promptTokens: 150, completionTokens: 5 },
      ],
    });
  });
  afterEach(async () => {
    await server.close();
    repo.remove();
  });

  it('keeps the run as a trajectory a follow-up continues, and meters each turn', async () => {
    const { agent } = await createAgent(server, repo.root, { config: { mode: 'ask' } });
    const memory = new RunMemory({ taskId: 't', parent: null });
    const meter = new UsageMeter(1000);
    const usage: unknown[] = [];
    agent.onEvent((event) => {
      memory.observe(event);
      const measured = meter.observe(event);
      if (measured) usage.push(measured);
    });
    assert.equal(memory.trajectory(), null, 'nothing before the run starts');
    await agent.run('what does add do?');
    const trajectory = memory.trajectory();
    assert.ok(trajectory);
    assert.equal(trajectory.header.mode, 'ask');
    assert.equal(trajectory.outcome?.end, 'finished');
    const start = await continuationOf(trajectory);
    assert.equal(start.lastStep, 2);
    assert.equal(start.messages.at(-1)?.content, 'It subtracts.');
    assert.equal(usage.length, 2);
    assert.deepEqual(usage[1], {
      type: 'context-usage', runId: trajectory.header.runId, step: 2, promptTokens: 150, completionTokens: 5, runTotalTokens: 265, contextTokens: 1000,
    });
  });
});
