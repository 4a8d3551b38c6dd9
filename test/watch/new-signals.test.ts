// The signals added for the misses of issue 13: errors that persist across varied edits,
// stale stretches (varied commands that re-read what is known), cycles of any length,
// short runs stuck from the start, clean outputs that repeat while the code changes, and a
// reply whose text chants.
import { strict as assert } from 'node:assert';
import { watchConfig } from '../../src/watch/config';
import { LoopDetector } from '../../src/watch/detector';
import type { FindingKind, LoopFinding } from '../../src/watch/finding';
import { analyzeTrajectory } from '../../src/watch/offline';
import { edit, read, run, RunBuilder } from './helpers';

function signal(findings: LoopFinding[], kind: FindingKind) {
  return findings.flatMap((finding) => finding.signals ?? []).find((item) => item.kind === kind);
}

const traceback = (line: number, detail: string) =>
  `Traceback (most recent call last):\n  File "calc.py", line ${line}, in add\n    ${detail}\nTypeError: unsupported operand type(s) for +: 'int' and 'str'`;

describe('loop watch: signals for the misses that generalise', () => {
  it('catches the same error coming back across varied edits until the run ends', () => {
    const runner = new RunBuilder().act([read('calc.py', 'def add(a, b): return a + b')]);
    for (let i = 0; i < 6; i++) {
      runner.act([edit('calc.py', `v${i}`, `v${i + 1}`, `h${i}`, `h${i + 1}`)]);
      // Each run prints new debug lines (new information to the repeat signals), same error.
      runner.act([run('python test_calc.py', `debug: attempt ${i} value=${i * 7}\n${traceback(10 + i, `x${i}`)}`, 1)]);
    }
    const report = analyzeTrajectory(runner.build());
    const persisting = signal(report.findings, 'persistent-error');
    assert.ok(persisting, JSON.stringify(report.findings.map((finding) => finding.signals?.map((item) => item.kind))));
    assert.equal(persisting.severity, 'stuck');
    assert.equal(report.stuck, true);
  });

  it('does not call a run stuck when the persisting error was fixed before the end', () => {
    const runner = new RunBuilder();
    for (let i = 0; i < 5; i++) {
      runner.act([edit('calc.py', `v${i}`, `v${i + 1}`, `h${i}`, `h${i + 1}`)]);
      runner.act([run('python test_calc.py', `debug ${i}\n${traceback(10, 'x')}`, 1)]);
    }
    runner.act([edit('calc.py', 'v5', 'fixed', 'h5', 'h9')]).act([run('python test_calc.py', 'OK', 0)]);
    runner.act([read('README.md', 'docs')]).act([read('setup.py', 'setup')]).act([read('tox.ini', 'tox')]).act([run('git diff', 'diff')]);
    const report = analyzeTrajectory(runner.build('finished'));
    assert.equal(report.loop, true);
    assert.equal(report.stuck, false);
  });

  it('treats a failure whose counts move as progress, not a persisting error', () => {
    const runner = new RunBuilder();
    for (let i = 0; i < 6; i++) {
      runner.act([edit('calc.py', `v${i}`, `v${i + 1}`, `h${i}`, `h${i + 1}`)]).act([run('pytest', `FAILED tests/t.py::test_${i}\n${6 - i} failed, ${i} passed`, 1)]);
    }
    assert.equal(signal(analyzeTrajectory(runner.build()).findings, 'persistent-error'), undefined);
  });

  it('catches varied commands that re-read what the run already saw (stale)', () => {
    const file = Array.from({ length: 40 }, (_, i) => `line ${i} of calc.py`).join('\n');
    const lines = file.split('\n');
    const runner = new RunBuilder().act([read('calc.py', file)]);
    // Each command shows a different slice of the same file: a new output every time, no new line.
    for (let i = 0; i < 10; i++) runner.act([run(`sed -n ${i + 1},${i + 12}p calc.py`, lines.slice(i, i + 12).join('\n'))]);
    const report = analyzeTrajectory(runner.build());
    const stale = signal(report.findings, 'stale');
    assert.ok(stale, 'a stale stretch');
    assert.equal(stale.fromStep, 2);
    assert.equal(signal(report.findings, 'no-progress'), undefined, 'every output differs: the whole-output signal cannot see it');
    assert.equal(report.stuck, true);
  });

  it('does not call short probes that each print something new stale', () => {
    const runner = new RunBuilder();
    for (let i = 0; i < 12; i++) runner.act([run(`python -c "print(${i})"`, `result ${i * 3}`)]);
    assert.equal(analyzeTrajectory(runner.build()).loop, false);
  });

  it('catches a 10-step sequence repeated word for word three times (a long cycle)', () => {
    const runner = new RunBuilder();
    const tour = Array.from({ length: 10 }, (_, i) => read(`page${i}.html`, `page ${i}`));
    for (let round = 0; round < 3; round++) for (const call of tour) runner.act([call]);
    const report = analyzeTrajectory(runner.build());
    const cycle = signal(report.findings, 'cycle');
    assert.ok(cycle, JSON.stringify(report.findings.map((finding) => finding.kind)));
    assert.match(cycle.summary, /the same 10-step cycle/);
    assert.equal(cycle.count, 3);
    const short = analyzeTrajectory(runner.build(), watchConfig({ cycle: { maxPeriod: 3 } }));
    assert.equal(signal(short.findings, 'cycle'), undefined, 'periods up to 3 cannot see it');
  });

  it('forgives a clean output that repeats while the code changes, but not edit after edit', () => {
    const confirm = (n: number) => {
      const runner = new RunBuilder().act([run('python check.py', 'all good')]);
      for (let i = 0; i < n; i++) runner.act([edit('m.py', `a${i}`, `a${i + 1}`, `h${i}`, `h${i + 1}`)]).act([run('python check.py', 'all good')]);
      return analyzeTrajectory(runner.build('finished'));
    };
    assert.equal(signal(confirm(2).findings, 'repeated-observation'), undefined);
    assert.equal(confirm(2).loop, false);
    assert.ok(signal(confirm(5).findings, 'repeated-observation'), 'the same output through five edits is a loop');
    // A failing output after each edit is the labels' edit → same failure loop at once.
    const failing = new RunBuilder();
    for (let i = 0; i < 3; i++) failing.act([edit('m.py', `a${i}`, `a${i + 1}`, `h${i}`, `h${i + 1}`)]).act([run('pytest', 'FAILED t.py::test_a - assert 1 == 2', 1)]);
    assert.ok(signal(analyzeTrajectory(failing.build()).findings, 'repeated-observation'));
  });

  it('catches a reply that chants while it streams, and not a list or a table', () => {
    const detector = new LoopDetector();
    const chant = 'I will now run the tests again to check the result. ';
    let finding: LoopFinding | null = null;
    for (let i = 0; i < 12 && !finding; i++) finding = detector.streamText(1, chant);
    assert.equal(finding?.kind, 'repeated-text');
    assert.equal(finding?.severity, 'warning');
    for (let i = 0; i < 12; i++) finding = detector.streamText(1, chant) ?? finding;
    assert.equal(finding?.severity, 'stuck');
    const table = new LoopDetector();
    const rows = Array.from({ length: 30 }, () => '| a column that repeats | another column that repeats |\n').join('');
    assert.equal(table.streamText(1, rows), null);
    const prose = new LoopDetector();
    assert.equal(prose.streamText(1, 'The quick brown fox jumps over the lazy dog, then runs into the forest to find food. '.repeat(3)), null);
  });
});
