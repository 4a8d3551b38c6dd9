// Unknown and corrupt input: a clear error per file, never a stop for the others; files that
// are not runs are skipped quietly inside folders and reported when named directly.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeTrajectory } from '../../../src/trajectory/jsonl';
import { iterateRuns, loadRuns } from '../../../src/trajectory/import';
import { tempDir } from './helpers';

const MINI = {
  trajectory_format: 'mini-swe-agent-1', instance_id: 'a__b-1', info: { exit_status: 'Submitted', submission: '' },
  messages: [{ role: 'system', content: 's' }, { role: 'user', content: 't' }, { role: 'assistant', content: 'THOUGHT: x\n```bash\nls\n```' }],
};

const EVENT_RECORD = (id: string) => JSON.stringify({
  instance_id: id, history: [
    { id: 0, source: 'user', action: 'message', args: { content: 'task' } },
    { id: 1, source: 'agent', action: 'run', args: { command: 'ls', thought: '' }, tool_call_metadata: { function_name: 'execute_bash', tool_call_id: `c-${id}` } },
    { id: 2, source: 'agent', observation: 'run', cause: 1, content: 'x', extras: { metadata: { exit_code: 0 } } },
  ],
});

describe('loading unknown and corrupt input', () => {
  let dir: { path: string; remove(): void };
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  const put = (name: string, text: string) => {
    const path = join(dir.path, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  };

  it('reports each bad file and still imports the good ones', async () => {
    put('good/run.traj.json', JSON.stringify(MINI));
    const corrupt = put('bad/corrupt.json', '{"messages": [');
    const shapeless = put('bad/odd.traj', JSON.stringify({ foo: 1 }));
    const badLine = put('mixed/output.jsonl', `${EVENT_RECORD('x__y-1')}\n{"instance_id": "x__y-2", "history": [\n${EVENT_RECORD('x__y-3')}\n`);
    put('notes/config.json', JSON.stringify({ agent_class: 'CodeActAgent', max_iterations: 50 }));
    put('notes/labels.json', JSON.stringify([{ file: 'x', actions: 3 }]));
    put('README.md', '# not a run');
    const { runs, errors } = await loadRuns([dir.path]);
    assert.deepEqual(runs.map((run) => [run.format, run.trajectory.header.task.id]).sort(), [['mini-swe-agent', 'a__b-1'], ['openhands', 'x__y-1'], ['openhands', 'x__y-3']]);
    const byFile = new Map(errors.map((error) => [error.file, error.error]));
    assert.equal(errors.length, 3, JSON.stringify(errors));
    assert.match(byFile.get(corrupt) ?? '', /not valid JSON/);
    assert.match(byFile.get(shapeless) ?? '', /not a run in a known format \(found an object with keys foo\)/);
    assert.match(byFile.get(badLine) ?? '', /^line 2 is not valid JSON/);
  });

  it('reports a named file that is not a run, and a path that does not exist', async () => {
    const config = put('config.json', JSON.stringify({ agent_class: 'CodeActAgent' }));
    const missing = join(dir.path, 'missing.json');
    const { runs, errors } = await loadRuns([config, missing]);
    assert.equal(runs.length, 0);
    assert.match(errors.find((error) => error.file === config)?.error ?? '', /not a run in a known format/);
    assert.match(errors.find((error) => error.file === missing)?.error ?? '', /cannot read: ENOENT/);
  });

  it('names the format when a forced --from does not fit the file', async () => {
    const file = put('run.traj.json', JSON.stringify(MINI));
    const forced = await loadRuns([file], { from: 'adp-codeact' });
    assert.match(forced.errors[0]?.error ?? '', /^adp-codeact: CodeActInstruct: "conversations" is missing or not a list/);
    const crux = await loadRuns([file], { from: 'crux' });
    assert.match(crux.errors[0]?.error ?? '', /not a Crux trajectory/);
  });

  it('loads Crux trajectories through parseTrajectory, and one run per line of a JSON Lines file', async () => {
    const imported = await loadRuns([put('run.traj.json', JSON.stringify(MINI))]);
    const crux = put('out/run.jsonl', serializeTrajectory(imported.runs[0]?.trajectory as never));
    const again = await loadRuns([crux]);
    assert.deepEqual([again.runs[0]?.format, again.runs[0]?.trajectory.header.runId], ['crux', imported.runs[0]?.trajectory.header.runId]);
    const lines = put('many.jsonl', `${EVENT_RECORD('a__b-1')}\n\n${EVENT_RECORD('a__b-2')}\n`);
    const many = await loadRuns([lines]);
    assert.deepEqual(many.runs.map((run) => [run.index, run.trajectory.header.source.file]), [[0, `${lines}#0`], [1, `${lines}#1`]]);
  });

  it('streams the same results as loadRuns', async () => {
    put('a.traj.json', JSON.stringify(MINI));
    put('b.json', '[1, 2');
    const streamed = [];
    for await (const item of iterateRuns([dir.path])) streamed.push('error' in item ? `error ${item.file}` : `run ${item.file}`);
    assert.deepEqual(streamed, [`run ${join(dir.path, 'a.traj.json')}`, `error ${join(dir.path, 'b.json')}`]);
  });
});
