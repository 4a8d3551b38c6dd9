import { strict as assert } from 'node:assert';
import { LoopDetector } from '../../src/watch/detector';
import { FindingBook } from '../../src/watch/finding-book';
import { analyzeTrajectory } from '../../src/watch/offline';
import type { SignalHit } from '../../src/watch/signals/signal';
import { run, RunBuilder } from './helpers';

function hit(kind: SignalHit['kind'], episode: number, severity: SignalHit['severity'], fromStep: number, toStep: number): SignalHit {
  return { kind, episode, count: toStep - fromStep + 1, severity, fromStep, toStep, steps: [fromStep, toStep], summary: `${kind} ${fromStep}-${toStep}`, nudge: `stop ${kind}` };
}

describe('loop watch: one finding per loop', () => {
  it('joins the signals that see the same loop under one id and re-reports it only when it escalates', () => {
    const book = new FindingBook('', 3);
    const first = book.record(hit('repeated-observation', 1, 'warning', 2, 6));
    assert.equal(first?.id, 'loop-1');
    assert.equal(first?.severity, 'warning');
    // Another signal on the same steps: the same loop, nothing new to report.
    assert.equal(book.record(hit('repeated-error', 1, 'warning', 2, 6)), null);
    // The same episode again, no escalation: nothing to report.
    assert.equal(book.record(hit('repeated-observation', 1, 'warning', 2, 7)), null);
    const escalated = book.record(hit('repeated-error', 1, 'stuck', 2, 10));
    assert.equal(escalated?.id, 'loop-1');
    assert.equal(escalated?.severity, 'stuck');
    assert.equal(escalated?.kind, 'repeated-error');
    assert.deepEqual([escalated?.fromStep, escalated?.toStep], [2, 10]);
    assert.deepEqual(escalated?.recoveries[0], 'stop');
    assert.deepEqual(escalated?.signals?.map((signal) => [signal.kind, signal.severity]), [['repeated-observation', 'warning'], ['repeated-error', 'stuck']]);
    assert.equal(book.findings().length, 1);
  });

  it('opens a new loop for a signal that starts well after the last one ended', () => {
    const book = new FindingBook('r1:', 3);
    book.record(hit('repeated-observation', 1, 'warning', 2, 6));
    const second = book.record(hit('repeated-observation', 2, 'warning', 20, 24));
    assert.equal(second?.id, 'r1:loop-2');
    assert.deepEqual(book.findings().map((finding) => finding.id), ['r1:loop-1', 'r1:loop-2']);
  });

  it('never lowers a loop once reported, and keeps the empty-patch check apart', () => {
    const book = new FindingBook('', 3);
    book.record(hit('identical-calls', 1, 'stuck', 1, 5));
    assert.equal(book.record(hit('identical-calls', 1, 'notice', 1, 6)), null);
    assert.equal(book.findings()[0]?.severity, 'stuck');
    const empty = book.record(hit('empty-patch-finish', 1, 'warning', 7, 7));
    assert.equal(empty?.id, 'empty-patch-finish-1');
  });

  it('gives a real looping run one finding that escalates from warning to stuck with the same id', () => {
    const detector = new LoopDetector();
    const reported: { id: string; severity: string }[] = [];
    const runner = new RunBuilder().repeat(6, [run('pytest -x', 'FAILED test_a.py::test_add - assert 1 == 2', 1)]);
    const report = analyzeTrajectory(runner.build());
    assert.equal(report.findings.length, 1, JSON.stringify(report.findings.map((finding) => finding.id)));
    const [finding] = report.findings;
    assert.equal(finding?.id, 'loop-1');
    assert.equal(finding?.severity, 'stuck');
    assert.ok((finding?.signals?.length ?? 0) >= 2, 'several signals saw it');
    // Live, the detector reports the same id twice: new (warning), then escalated (stuck).
    for (const event of runner.build().events) {
      if (event.type !== 'model-turn') continue;
      const step = event.step;
      const calls = [{ call: { callId: `c${step}`, name: 'run_command', label: 'run_command `pytest -x`', signature: 'pytest', kind: 'execute' as const, valid: true },
        result: { output: 'same', empty: false, error: { hash: 'e1', exact: 'e1', headline: 'FAILED' }, change: null, lines: [1] } }];
      for (const changed of detector.endStep({ step, calls, text: null })) reported.push({ id: changed.id, severity: changed.severity });
    }
    assert.deepEqual(reported, [{ id: 'loop-1', severity: 'warning' }, { id: 'loop-1', severity: 'stuck' }]);
  });
});
