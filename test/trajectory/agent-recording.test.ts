// A real Agent run (real model client, fake model server, temp git repository) recorded end to
// end: the trajectory must let anyone rebuild the exact messages the server received per turn.
import { strict as assert } from 'node:assert';
import { readTrajectoryFile } from '../../src/trajectory/jsonl';
import { messagesOfTurn } from '../../src/trajectory/messages';
import { Redactor } from '../../src/trajectory/privacy/redactor';
import { TrajectoryRecorder } from '../../src/trajectory/recorder';
import { readRepositoryInfo } from '../../src/trajectory/repository';
import { TrajectoryStore } from '../../src/trajectory/store';
import { createAgent } from '../support/agent-harness';
import { BUGGY_CALC, createGitRepo, type GitFixture } from '../support/git-fixture';
import { startModelServer, type ModelServer, type ScriptedTurn } from '../support/model-server';
import { tempDir, type TempDir } from './fixtures';

const TURNS: ScriptedTurn[] = [
  { content: 'Looking.', reasoning: 'Start with the notes.', toolCalls: [{ name: 'read_file', arguments: { path: 'notes.md' } }] },
  { toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }] },
  { toolCalls: [{ name: 'run_command', arguments: { command: 'node test.js' } }] },
  { toolCalls: [{ name: 'edit_file', arguments: { path: 'calc.js', old_string: 'a - b', new_string: 'a + b' } }] },
  { content: 'No tool this time.' },
  { toolCalls: [{ name: 'finish', arguments: { summary: 'fixed' } }] },
];

describe('recording a real agent run', function () {
  this.timeout(60_000);
  let repo: GitFixture;
  let server: ModelServer;
  let dir: TempDir;
  beforeEach(() => {
    // Long notes, so that a small context window has to shorten them in later turns.
    repo = createGitRepo({ ...BUGGY_CALC, 'notes.md': 'Design notes for the calculator.\n'.repeat(300) });
    repo.git('remote', 'add', 'origin', 'https://deploy:hunter2hunter2@github.com/acme/calc.git');
    dir = tempDir();
  });
  afterEach(async () => {
    await server?.close();
    repo.remove();
    dir.remove();
  });

  for (const contextTokens of [32_768, 3_000]) {
    it(`rebuilds the exact messages of every model turn (context window ${contextTokens} tokens)`, async () => {
      server = await startModelServer({ turns: TURNS });
      const { agent } = await createAgent(server, repo.root, {
        config: { context: { contextTokens, replyTokens: 200, keepRecentObservations: 1, shortenedObservationChars: 40 } },
      });
      const repository = await readRepositoryInfo(repo.root);
      const recorder = new TrajectoryRecorder({ store: new TrajectoryStore(dir.path), consent: 'local', repository, redactor: new Redactor({ homeDir: null }) });
      recorder.attach(agent);
      await agent.run('The test in test.js fails. Fix calc.js.');
      recorder.close();

      const trajectory = await readTrajectoryFile(recorder.path ?? '');
      assert.deepEqual(trajectory.problems, []);
      assert.equal(trajectory.header.repository.remote, 'github.com/acme/calc');
      assert.equal(trajectory.header.repository.commit, repo.git('rev-parse', 'HEAD').trim());
      assert.equal(trajectory.outcome?.end, 'finished');
      assert.match(trajectory.outcome?.patch ?? '', /\+ {2}return a \+ b;/);
      const streamed = server.requests.filter((request) => request.stream);
      const turns = trajectory.events.filter((event) => event.type === 'model-turn');
      assert.equal(turns.length, streamed.length);
      turns.forEach((turn, index) => {
        assert.deepEqual(messagesOfTurn(trajectory, turn.step), streamed[index]?.messages, `turn ${turn.step}`);
      });
      if (contextTokens < 10_000) assert.ok(turns.some((turn) => turn.type === 'model-turn' && turn.sentMessages), 'a shortened context was recorded');
    });
  }
});
