// A chat shown again keeps its nested AGENTS.md lines: the recorded rules-added event becomes the
// same host message the live run sent, placed in its run, and the page accepts it.
import { strict as assert } from 'node:assert';
import { chatTranscript } from '../../../extension/chats/chat-transcript';
import { parseHostMessage } from '../../../src/protocol';
import { readTrajectoryFile } from '../../../src/trajectory/jsonl';
import { recordRun, sampleRun, tempDir, type TempDir } from '../../trajectory/fixtures';

describe('editor chats: a chat shown again keeps its nested rules lines', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it('draws a recorded rules-added as the line the live run showed', async () => {
    const recorder = recordRun(dir.path, sampleRun());
    recorder.close();
    const trajectory = await readTrajectoryFile(recorder.path ?? '');
    const message = chatTranscript([{ trajectory, recorded: true }], { live: false });
    assert.ok(parseHostMessage(message).ok, 'the page accepts it');
    const rules = message.messages.filter((each) => each.type === 'rules-added');
    assert.deepEqual(rules, [{
      type: 'rules-added', runId: trajectory.header.runId, step: 1, callId: 'call-1', path: 'pkg/AGENTS.md', folder: 'pkg', chars: 12, truncated: false,
    }]);
    const order = message.messages.map((each) => each.type);
    assert.ok(order.indexOf('tool-result') < order.indexOf('rules-added'), 'after the result it came with');
  });
});
