import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuns } from '../../src/trajectory/import';
import { atifImporter } from '../../src/trajectory/import/atif';
import { toAtif } from '../../src/trajectory/interchange/atif-export';
import { parseTrajectory, readTrajectoryFile, serializeTrajectory } from '../../src/trajectory/jsonl';
import type { Trajectory } from '../../src/trajectory/format';
import { TrajectoryStore } from '../../src/trajectory/store';
import { recordRun, sampleRun, tempDir, type TempDir } from '../trajectory/fixtures';
import { atifErrors } from './shapes';

const CONTEXT = { file: 'x.json', index: 0, multi: false, contentHash: 'h', mtimeMs: 0 };
const FIXTURE = join(__dirname, 'fixtures', 'atif-harbor-shape.json');

function roundTrip(trajectory: Trajectory): Trajectory {
  // Through text, as a file would carry it.
  return atifImporter.convert(JSON.parse(JSON.stringify(toAtif(trajectory))), CONTEXT);
}

describe('ATIF v1.7 export and import', () => {
  let dir: TempDir;
  let recorded: Trajectory;
  beforeEach(async () => {
    dir = tempDir();
    const recorder = recordRun(dir.path, sampleRun());
    recorder.close();
    recorded = await readTrajectoryFile(recorder.path ?? '');
  });
  afterEach(() => dir.remove());

  it('writes a document that follows ATIF v1.7', () => {
    const document = toAtif(recorded);
    assert.deepEqual(atifErrors(document), []);
    assert.equal(document.schema_version, 'ATIF-v1.7');
    assert.equal(document.trajectory_id, recorded.header.runId);
    assert.deepEqual(document.steps.map((step) => step.source), ['system', 'user', 'agent', 'agent']);
    assert.deepEqual(document.agent.tool_definitions?.map((tool) => tool.function.name), ['read_file', 'run_command']);
  });

  it('keeps what ATIF holds in its own fields, with the tool-call ids as recorded', () => {
    const [, , first, second] = toAtif(recorded).steps;
    assert.equal(first?.message, 'Let me run it. plain words');
    assert.equal(first?.reasoning_content, 'Thinking about plain words');
    assert.deepEqual(first?.tool_calls, [{ tool_call_id: 'call-1', function_name: 'run_command', arguments: { command: 'echo "plain words"' } }]);
    assert.equal(first?.observation?.results[0]?.source_call_id, 'call-1');
    assert.equal(first?.observation?.results[0]?.content, 'plain words\nexit 0');
    assert.deepEqual(first?.metrics, { prompt_tokens: 100, completion_tokens: 20 });
    assert.equal(first?.timestamp, new Date(1_700_000_000_000).toISOString());
    // The invalid call: ATIF wants an object; the text the model wrote is kept under extra.crux.
    assert.deepEqual(second?.tool_calls?.map((call) => [call.tool_call_id, call.arguments]), [
      ['call-2', { path: '.env', old_string: 'OLD=plain words', new_string: 'NEW=plain words\nMORE=plain words' }], ['call-3', {}],
    ]);
  });

  it('puts Crux-only records under extra.crux: consent, outcome, findings, recoveries, approvals, edits', () => {
    const document = toAtif(recorded);
    const crux = document.extra?.crux as { header: { consent: string }; outcome: { end: string }; redaction: { applied: boolean } };
    assert.equal(crux.header.consent, 'local');
    assert.equal(crux.outcome.end, 'finished');
    assert.equal(crux.redaction.applied, true);
    const kinds = document.steps.flatMap((step) => ((step.extra?.crux as { events?: { type: string }[] } | undefined)?.events ?? []).map((event) => event.type));
    for (const kind of ['loop-warning', 'recovery', 'approval', 'edit', 'checkpoint', 'tool-call', 'error', 'user-message']) assert.ok(kinds.includes(kind), kind);
  });

  it('round-trips a Crux run exactly: import(export(run)) is the run', () => {
    assert.deepEqual(roundTrip(recorded), recorded);
  });

  it('round-trips the mode, the project rules and the server facts of the header, and a rules-added record', async () => {
    const events = sampleRun();
    const started = events[0];
    assert.ok(started?.type === 'run-started');
    events[0] = {
      ...started, mode: 'ask', rules: [{ path: 'AGENTS.md', chars: 12, truncated: false, sha256: 'a'.repeat(64) }],
      serverFacts: { contextTokens: 32768, sources: ['/props'], warnings: [] },
    };
    const at = events.findIndex((event) => event.type === 'tool-result');
    events.splice(at + 1, 0, { type: 'rules-added', step: 1, callId: 'call-1', path: 'pkg/AGENTS.md', folder: 'pkg', chars: 40, truncated: false, sha256: 'c'.repeat(64) });
    const recorder = recordRun(dir.path, events, { store: new TrajectoryStore(join(dir.path, 'rules')) });
    recorder.close();
    const run = await readTrajectoryFile(recorder.path ?? '');
    assert.equal(run.header.rules?.[0]?.path, 'AGENTS.md');
    assert.ok(run.events.some((event) => event.type === 'rules-added' && event.path === 'pkg/AGENTS.md'));
    assert.deepEqual(roundTrip(run), run);
  });

  it('round-trips outcome updates and a branch', async () => {
    const file = join(dir.path, 'branch.jsonl');
    const branch = { ...recorded, header: { ...recorded.header, runId: 'branch-1', parent: { runId: recorded.header.runId, step: 1 } } };
    const text = `${serializeTrajectory(branch)}${JSON.stringify({ kind: 'outcome-update', t: 5, resolved: true, origin: 'crux outcome' })}\n` +
      `${JSON.stringify({ kind: 'outcome-update', t: 6, verdict: 'accept', origin: 'user' })}\n`;
    writeFileSync(file, text);
    const withUpdates = parseTrajectory(text);
    assert.equal(withUpdates.outcome?.resolved, true);
    const document = toAtif(withUpdates);
    assert.deepEqual(atifErrors(document), []);
    // The branch's first turn is its parent's: copied context in ATIF's words.
    assert.deepEqual(document.steps.map((step) => step.is_copied_context ?? false), [true, true, true, false]);
    const back = roundTrip(withUpdates);
    assert.deepEqual(back, withUpdates);
    assert.equal(serializeTrajectory(back), text);
  });

  it('keeps the ids stable: exporting twice gives the same document', () => {
    assert.equal(JSON.stringify(toAtif(recorded)), JSON.stringify(toAtif(roundTrip(recorded))));
  });
});

describe('ATIF import of other agents\' runs', () => {
  it('reads a document in the published shape: steps, calls by id, observations, content parts', async () => {
    const document = JSON.parse(readFileSync(FIXTURE, 'utf8')) as unknown;
    assert.deepEqual(atifErrors(document), []);
    const { runs, errors } = await loadRuns([FIXTURE]);
    assert.deepEqual(errors, []);
    const run = runs[0];
    assert.equal(run?.format, 'atif');
    const trajectory = run?.trajectory as Trajectory;
    assert.equal(trajectory.header.source.agent, 'openhands');
    assert.equal(trajectory.header.model.name, 'hosted_vllm/Qwen2.5-Coder-7B-Instruct');
    assert.equal(trajectory.header.task.text, 'The function add() in calc.py returns a - b. Make it return a + b.');
    assert.deepEqual(trajectory.header.tools.map((tool) => tool.name), ['execute_bash', 'str_replace_editor', 'finish']);
    const turns = trajectory.events.filter((event) => event.type === 'model-turn');
    assert.equal(turns.length, 4);
    assert.deepEqual(turns.flatMap((turn) => turn.toolCalls.map((call) => call.id)), ['toolu_01A', 'toolu_01B', 'toolu_02', 'toolu_03', 'toolu_04']);
    const observations = trajectory.events.filter((event) => event.type === 'observation');
    assert.deepEqual(observations.map((event) => [event.callId, event.step]), [['toolu_01A', 1], ['toolu_01B', 1], ['toolu_02', 2], ['toolu_03', 3]]);
    // Turn 3's prompt holds turn 2's result and the user's later message.
    assert.deepEqual(turns[2]?.newMessages.map((message) => message.role), ['tool', 'user']);
    assert.equal(turns[0]?.reasoning, 'The bug is in calc.py; read it before editing.');
    assert.deepEqual(turns[0]?.usage, { promptTokens: 1520, completionTokens: 80, totalTokens: 1600 });
    assert.equal(trajectory.outcome?.end, 'finished');
    assert.equal(trajectory.outcome?.resolved, null);
    assert.equal(trajectory.events.find((event) => event.type === 'user-message')?.step, 2);
  });

  it('exports an imported run back to ATIF with the same calls and observations', async () => {
    const { runs } = await loadRuns([FIXTURE]);
    const again = toAtif(runs[0]?.trajectory as Trajectory);
    assert.deepEqual(atifErrors(again), []);
    const original = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { steps: { tool_calls?: unknown[]; observation?: unknown }[] };
    const strip = (steps: { tool_calls?: unknown[]; observation?: { results: { extra?: unknown }[] } }[]) =>
      steps.map((step) => ({ calls: step.tool_calls ?? [], results: (step.observation?.results ?? []).map(({ extra: _extra, ...result }) => result) }));
    assert.deepEqual(strip(again.steps as never), strip(original.steps as never));
  });

  for (const [what, mutate, message] of [
    ['a wrong schema_version', (doc: Record<string, unknown>) => { doc.schema_version = 'ATIF-v2'; }, /schema_version/],
    ['no agent name', (doc: Record<string, unknown>) => { doc.agent = { version: '1' }; }, /agent\.name/],
    ['a step without a valid source', (doc: Record<string, unknown>) => { (doc.steps as Record<string, unknown>[])[1] = { step_id: 2, message: 'x' }; }, /step 2/],
    ['steps that are not a list', (doc: Record<string, unknown>) => { doc.steps = {}; }, /not a run in a known format|steps/],
  ] as const) {
    it(`reports ${what} clearly and keeps going`, async () => {
      const dir = tempDir();
      try {
        const document = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;
        mutate(document);
        const bad = join(dir.path, 'bad.json');
        writeFileSync(bad, JSON.stringify(document));
        const { runs, errors } = await loadRuns([bad, FIXTURE], { from: 'atif' });
        assert.equal(runs.length, 1);
        assert.equal(errors.length, 1);
        assert.match(errors[0]?.error ?? '', message);
      } finally {
        dir.remove();
      }
    });
  }
});
