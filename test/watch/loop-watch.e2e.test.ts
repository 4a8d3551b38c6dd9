// The live loop watch on a real Agent, a real temp git repository and the scripted model
// server: a looping model is warned and nudged (the nudge is in its next request), an
// identical call is held back, a rollback restores the files and the conversation, and a
// loop that goes on is stopped.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../../src/agent/events';
import { ShadowGitCheckpoints } from '../../src/host/node/shadow-checkpoints';
import { watchConfig, type WatchConfigOverrides } from '../../src/watch/config';
import { LoopWatch } from '../../src/watch/loop-watch';
import { workspacePatch } from '../../src/tools/patch';
import { createAgent } from '../support/agent-harness';
import { createGitRepo, type GitFixture } from '../support/git-fixture';
import { startModelServer, type ModelServer, type ScriptedTurn } from '../support/model-server';

/** A test that prints one fixed line whatever is wrong, so edits that fail keep the same output. */
const PROJECT = {
  'calc.js': 'function add(a, b) {\n  return a - b;\n}\nmodule.exports = { add };\n',
  'test.js': "const { add } = require('./calc');\nif (add(2, 3) !== 5) { console.log('FAIL add'); process.exit(1); }\nconsole.log('ok');\n",
};

const call = (name: string, args: Record<string, unknown>): ScriptedTurn => ({ toolCalls: [{ name, arguments: args }] });
const TEST = call('run_command', { command: 'node test.js' });
const editCalc = (from: string, to: string) => call('edit_file', { path: 'calc.js', old_string: `return ${from};`, new_string: `return ${to};` });
const FINISH = call('finish', { summary: 'fixed add' });

function ofType<T extends AgentEvent['type']>(events: AgentEvent[], type: T): Extract<AgentEvent, { type: T }>[] {
  return events.filter((event): event is Extract<AgentEvent, { type: T }> => event.type === type);
}

describe('LoopWatch on a live agent', function () {
  this.timeout(60_000);
  let repo: GitFixture;
  let server: ModelServer;
  let store: string;

  beforeEach(() => {
    repo = createGitRepo(PROJECT);
    store = mkdtempSync(join(tmpdir(), 'crux-shadow-'));
  });
  afterEach(async () => {
    await server?.close();
    repo.remove();
    rmSync(store, { recursive: true, force: true });
  });

  async function start(
    turns: ScriptedTurn[] | ((request: unknown, index: number) => ScriptedTurn), overrides: WatchConfigOverrides = {}, rollback = false, finishCheck = false,
  ) {
    server = await startModelServer({ turns });
    const checkpoints = rollback ? await ShadowGitCheckpoints.open(repo.root, store) : undefined;
    const { agent, events } = await createAgent(server, repo.root, { ...(checkpoints ? { checkpoints } : {}), config: { maxSteps: 20 } });
    const workspaceUnchanged = async () => (await workspacePatch(repo.root)).trim() === '';
    const watch = new LoopWatch(agent, { config: watchConfig(overrides), ...(finishCheck ? { workspaceUnchanged } : {}) });
    watch.attach();
    return { agent, events, watch };
  }

  it('warns about a loop and nudges the model in its next request', async () => {
    const { agent, events, watch } = await start([TEST, TEST, TEST, editCalc('a - b', 'a + b'), TEST, FINISH]);
    const result = await agent.run('fix add');
    assert.equal(result.reason, 'finished');
    const warnings = ofType(events, 'loop-warning');
    assert.ok(warnings.some((event) => event.finding.severity === 'warning' && event.finding.fromStep === 1), JSON.stringify(warnings));
    const [recovery] = ofType(events, 'recovery');
    assert.deepEqual([recovery?.action, recovery?.decidedBy, recovery?.step], ['nudge', 'policy', 3]);
    const nudge = ofType(events, 'user-message').find((event) => event.source === 'nudge');
    assert.ok(nudge, 'a nudge message was sent');
    assert.match(JSON.stringify(server.requests[3]?.messages), /returned the same output/);
    assert.doesNotMatch(JSON.stringify(server.requests[2]?.messages), /returned the same output/);
    assert.equal(watch.report?.loop, true);
    assert.equal(watch.report?.stuck, false);
  });

  it('holds back an identical read whose earlier runs all returned the same output, but never a command', async () => {
    const READ = call('read_file', { path: 'calc.js' });
    const { agent, events } = await start([READ, READ, READ, READ, TEST, TEST, TEST, TEST, editCalc('a - b', 'a + b'), FINISH]);
    await agent.run('fix add');
    const reads = ofType(events, 'tool-result').filter((event) => event.name === 'read_file');
    assert.equal(reads.length, 4);
    assert.match(reads[3]?.output ?? '', /^Not run: this is the 4th identical read_file `calc\.js`/);
    assert.equal(ofType(events, 'approval').filter((event) => event.step === 4).length, 0, 'a held-back call is not even asked about');
    const commands = ofType(events, 'tool-result').filter((event) => event.name === 'run_command');
    assert.equal(commands.filter((event) => /FAIL add\s*$/.test(event.output)).length, 4, 'commands always run');
  });

  it('stops a loop that goes on after the nudge', async () => {
    const { agent, events, watch } = await start(() => TEST);
    const result = await agent.run('fix add');
    assert.equal(result.reason, 'aborted');
    assert.match(result.message, /^Stopped by the loop watch: /);
    assert.equal(result.steps, 5);
    assert.deepEqual(ofType(events, 'recovery').map((event) => [event.action, event.step]), [['nudge', 3], ['stop', 5]]);
    assert.equal(watch.stoppedBy?.severity, 'stuck');
  });

  it('holds back a first finish that changed nothing, and lets the model finish its work', async () => {
    const { agent, events } = await start([FINISH, editCalc('a - b', 'a + b'), FINISH], {}, false, true);
    const result = await agent.run('fix add');
    assert.equal(result.reason, 'finished');
    assert.equal(result.steps, 3);
    const [first] = ofType(events, 'tool-result').filter((event) => event.name === 'finish');
    assert.match(first?.output ?? '', /^Not finished: the workspace has no changes/);
    assert.equal(ofType(events, 'loop-warning')[0]?.finding.kind, 'empty-patch-finish');
    assert.match(readFileSync(join(repo.root, 'calc.js'), 'utf8'), /return a \+ b;/);
  });

  it('with the warn policy only reports', async () => {
    const { agent, events } = await start([TEST, TEST, TEST, TEST, FINISH], { policy: { onWarning: 'none', onStuck: 'none' } });
    const result = await agent.run('fix add');
    assert.equal(result.reason, 'finished');
    assert.ok(ofType(events, 'loop-warning').length > 0);
    assert.deepEqual(ofType(events, 'recovery'), []);
    assert.equal(ofType(events, 'user-message').filter((event) => event.source === 'nudge').length, 0);
  });

  it('rolls back to the checkpoint before the loop, restoring files and the conversation', async () => {
    const turns = [
      editCalc('a - b', 'a * b'), TEST,
      editCalc('a * b', 'a / b'), TEST,
      editCalc('a / b', 'a % b'), TEST,
      // After the rollback: the file is as it was before step 2, and the model fixes it.
      editCalc('a * b', 'a + b'), TEST, FINISH,
    ];
    const { agent, events } = await start(turns, { policy: { onWarning: 'rollback', onStuck: 'stop' } }, true);
    const result = await agent.run('fix add');
    assert.equal(result.reason, 'finished', result.message);
    const rollback = ofType(events, 'recovery').find((event) => event.action === 'rollback');
    assert.ok(rollback, JSON.stringify(ofType(events, 'recovery')));
    assert.equal(rollback.toStep, 1, 'back to just after step 1');
    assert.ok(rollback.checkpointId, 'a checkpoint was restored');
    // Step 7's request holds the first step's exchange and the nudge, not the undone steps 2-6.
    const request = JSON.stringify(server.requests[6]?.messages);
    assert.match(request, /The last steps were undone/);
    assert.doesNotMatch(request, /a \/ b/);
    assert.ok(ofType(events, 'model-turn').find((event) => event.step === 7)?.sentMessages, 'the turn after a rollback records what it sent');
    assert.match(readFileSync(join(repo.root, 'calc.js'), 'utf8'), /return a \+ b;/);
    assert.equal(repo.git('log', '--oneline').trim().split('\n').length, 1, "the user's repository is untouched");
  });

  it('restores the files themselves when rolled back (before the fix is made)', async () => {
    const turns = [editCalc('a - b', 'a * b'), TEST, editCalc('a * b', 'a / b'), TEST, editCalc('a / b', 'a % b'), TEST, FINISH];
    const { agent } = await start(turns, { policy: { onWarning: 'rollback', onStuck: 'stop' } }, true);
    await agent.run('fix add');
    assert.match(readFileSync(join(repo.root, 'calc.js'), 'utf8'), /return a \* b;/, 'the edits of steps 3 and 5 were undone');
    assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: repo.root, encoding: 'utf8' }).trim(), 'M calc.js');
  });
});
