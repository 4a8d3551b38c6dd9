import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { recordRun, sampleRun, tempDir } from './fixtures';
import { corpusText } from './secret-corpus';

const schemaPath = join(__dirname, '..', '..', 'schemas', 'crux.trajectory-1.schema.json');

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
}

function recordedLines(text: string): Record<string, unknown>[] {
  const dir = tempDir();
  try {
    const recorder = recordRun(dir.path, sampleRun(text));
    recorder.updateOutcome({ test: { command: 'npm test', passed: true, exitCode: 0, timedOut: false, outputTail: 'ok' }, resolved: true, origin: 'test' });
    recorder.updateOutcome({ verdict: null, origin: 'user' });
    return readFileSync(recorder.path ?? '', 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  } finally {
    dir.remove();
  }
}

describe('schemas/crux.trajectory-1.schema.json', () => {
  const validate = validator();

  it('accepts every line of recorded runs, every record kind and event type', () => {
    const lines = [...recordedLines('plain'), ...recordedLines(corpusText())];
    const kinds = new Set<string>();
    for (const line of lines) {
      assert.ok(validate(line), `${JSON.stringify(line).slice(0, 200)}\n${JSON.stringify(validate.errors, null, 2)}`);
      kinds.add(line.kind === 'event' ? `event:${String(line.type)}` : String(line.kind));
    }
    assert.equal(kinds.size, 3 + 11, [...kinds].join(', ')); // header, outcome, update + 11 event types
  });

  it('reads loop findings of both shapes: one per loop with its signals, and the older one per signal', () => {
    const finding = {
      id: 'loop-1', kind: 'persistent-error', severity: 'stuck', fromStep: 1, toStep: 9, evidence: { summary: 'the same error', steps: [1, 5, 9] },
      recoveries: ['stop', 'rollback', 'nudge', 'dismiss'], nudge: 'stop',
      signals: [
        { kind: 'persistent-error', severity: 'stuck', count: 6, fromStep: 1, toStep: 9, summary: 'the same error', steps: [1, 5, 9] },
        { kind: 'stale', severity: 'warning', count: 8, fromStep: 2, toStep: 9, summary: 'nothing new', steps: [2, 9] },
      ],
    };
    const event = (body: Record<string, unknown>) => ({ kind: 'event', seq: 7, t: null, step: 9, type: 'loop-warning', finding: body });
    assert.ok(validate(event(finding)), JSON.stringify(validate.errors));
    const { signals: _signals, ...older } = { ...finding, id: 'repeated-error-1', kind: 'repeated-error' };
    assert.ok(validate(event(older)), JSON.stringify(validate.errors));
    assert.equal(validate(event({ ...finding, signals: [{ kind: 'stale' }] })), false, 'a signal carries its evidence');
  });

  it('rejects broken records', () => {
    const [header, firstEvent] = recordedLines('plain');
    const lines = recordedLines('plain');
    const observation = lines.find((line) => line.type === 'observation') ?? {};
    const outcome = lines.find((line) => line.kind === 'outcome') ?? {};
    const broken: Record<string, unknown>[] = [
      { ...header, runId: undefined },
      { ...header, format: 'crux.trajectory/2' },
      { ...header, consent: 'off' },
      { ...header, createdAt: 'yesterday' },
      { ...header, surprise: true },
      { ...firstEvent, seq: 0 },
      { ...firstEvent, type: 'telepathy' },
      { ...observation, output: undefined },
      { ...observation, exitCode: 'zero' },
      { ...outcome, end: 'done' },
      { ...outcome, verdict: 'maybe' },
      { kind: 'outcome-update', t: 1, verdict: 'accept' },
      { kind: 'footer' },
    ];
    for (const record of broken) {
      const json = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
      assert.equal(validate(json), false, `accepted: ${JSON.stringify(json).slice(0, 160)}`);
    }
  });
});
