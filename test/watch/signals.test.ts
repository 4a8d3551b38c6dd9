import { strict as assert } from 'node:assert';
import { watchConfig } from '../../src/watch/config';
import type { FindingKind, LoopFinding } from '../../src/watch/finding';
import { analyzeTrajectory } from '../../src/watch/offline';
import { edit, finish, read, run, RunBuilder, type CallSpec } from './helpers';

/** What each signal saw, as findings of their own (one finding per loop groups them). */
function bySignal(findings: LoopFinding[]): LoopFinding[] {
  return findings.flatMap((finding) => (finding.signals ?? []).map((signal) => ({
    ...finding, kind: signal.kind, severity: signal.severity, fromStep: signal.fromStep, toStep: signal.toStep,
    evidence: { summary: signal.summary, steps: signal.steps },
  })));
}

function kinds(findings: LoopFinding[], severity?: LoopFinding['severity']): FindingKind[] {
  return [...new Set(bySignal(findings).filter((f) => !severity || f.severity === severity).map((f) => f.kind))].sort();
}

function find(findings: LoopFinding[], kind: FindingKind): LoopFinding {
  const found = bySignal(findings).find((f) => f.kind === kind);
  assert.ok(found, `expected a ${kind} finding, got ${kinds(findings).join(', ') || 'none'}`);
  return found;
}

const failingTest = (n: number) => run('pytest -x', `FAILED tests/test_a.py::test_add - assert 1 == 2\n1 failed in 0.${n}3s`, 1);

describe('loop watch signals', () => {
  describe('identical calls', () => {
    it('warns on the third identical call whose earlier runs gave the same output', () => {
      const report = analyzeTrajectory(new RunBuilder().repeat(3, [run('ls src', 'a.ts b.ts')]).build());
      const finding = find(report.findings, 'identical-calls');
      assert.equal(finding.severity, 'warning');
      assert.deepEqual([finding.fromStep, finding.toStep], [1, 3]);
      assert.deepEqual(finding.evidence.steps, [1, 2, 3]);
      assert.match(finding.evidence.summary, /run_command `ls src` called 3 times in a row/);
      assert.deepEqual(finding.recoveries.slice(0, 2), ['nudge', 'rollback']);
      assert.match(finding.nudge, /same call/);
    });

    it('calls it stuck from the fifth identical call on', () => {
      const report = analyzeTrajectory(new RunBuilder().repeat(5, [run('ls src', 'a.ts b.ts')]).build());
      assert.equal(find(report.findings, 'identical-calls').severity, 'stuck');
    });

    it('sees the same call in any key order and with trailing spaces', () => {
      const runner = new RunBuilder()
        .act([{ name: 'read_file', args: { path: 'a.ts', start: 1 }, output: 'x' }])
        .act([{ name: 'read_file', args: { start: 1, path: 'a.ts  ' }, output: 'x' }])
        .act([{ name: 'read_file', args: { path: 'a.ts', start: 1 }, output: 'x' }]);
      assert.equal(find(analyzeTrajectory(runner.build()).findings, 'identical-calls').severity, 'warning');
    });

    it('only notes polling: the same command whose output changes is not a loop (the peers\' false positive)', () => {
      const runner = new RunBuilder();
      for (let i = 1; i <= 6; i++) runner.act([run('tail -n 2 build.log', `compiling module ${i} of 9\nelapsed ${i * 10}s`)]);
      const report = analyzeTrajectory(runner.build());
      assert.equal(report.loop, false);
      assert.equal(report.stuck, false);
      assert.deepEqual(kinds(report.findings), ['identical-calls']);
      assert.equal(find(report.findings, 'identical-calls').severity, 'notice');
      assert.match(find(report.findings, 'identical-calls').evidence.summary, /polling/);
    });

    it('treats outputs that differ only in volatile parts as the same output', () => {
      const runner = new RunBuilder();
      for (let i = 1; i <= 3; i++) {
        runner.act([run('python repro.py', `2025-01-0${i}T10:0${i}:00Z started pid ${4000 + i} at 0x7f3a2c1b9e8${i}\nresult in /tmp/tmpx${i}ab/out: wrong\ntook 1.${i}s`)]);
      }
      assert.equal(find(analyzeTrajectory(runner.build()).findings, 'identical-calls').severity, 'warning');
    });
  });

  describe('same action, same observation', () => {
    it('catches edit → same failing test, three times, while the edits differ', () => {
      const runner = new RunBuilder().act([read('calc.py', 'def add(a, b): return a - b')]);
      for (let i = 0; i < 3; i++) runner.act([edit('calc.py', `v${i}`, `v${i + 1}`, `h${i}`, `h${i + 1}`)]).act([failingTest(i)]);
      const report = analyzeTrajectory(runner.build());
      const finding = find(report.findings, 'repeated-observation');
      assert.deepEqual([finding.fromStep, finding.toStep, finding.severity], [3, 7, 'warning']);
      assert.deepEqual(finding.evidence.steps, [3, 5, 7]);
      assert.equal(report.stuck, true, 'the run ends in the loop without finishing');
    });

    it('does not flag an edit → test cycle whose output changes', () => {
      const runner = new RunBuilder();
      for (let i = 0; i < 6; i++) {
        runner.act([edit('calc.py', `v${i}`, `v${i + 1}`, `h${i}`, `h${i + 1}`)]).act([run('pytest -x', `${6 - i} failed, ${i} passed`, 1)]);
      }
      const report = analyzeTrajectory(runner.act([finish()]).build('finished'));
      assert.equal(report.loop, false, JSON.stringify(report.findings));
    });

    it('does not flag re-reading a file after editing it', () => {
      const report = analyzeTrajectory(new RunBuilder()
        .act([read('calc.py', 'return a - b')])
        .act([edit('calc.py', '-', '+', 'h0', 'h1')])
        .act([read('calc.py', 'return a + b')])
        .act([run('pytest', '1 passed')])
        .act([finish()])
        .build('finished'));
      assert.equal(report.loop, false);
      assert.deepEqual(report.findings, []);
    });

    it('starts over when something new is learned between the repeats', () => {
      const runner = new RunBuilder();
      for (let i = 0; i < 4; i++) runner.act([failingTest(0)]).act([read(`src/m${i}.py`, `module ${i} source`)]);
      const report = analyzeTrajectory(runner.build());
      assert.equal(report.findings.some((f) => f.kind === 'repeated-observation'), false);
    });
  });

  describe('the same error repeated', () => {
    const rejected = (text: string): CallSpec => ({
      name: 'bash', args: { command: `edit 10:12\n${text}\nend_of_edit` }, risk: 'execute',
      output: `Your proposed edit has introduced new syntax error(s).\nERRORS:\n- E999 SyntaxError: '(' was never closed\nThis is how your edit would have looked:\n10: ${text}`,
    });

    it('catches different edits rejected with the same error', () => {
      const report = analyzeTrajectory(new RunBuilder().act([rejected('a(')]).act([rejected('b((')]).act([rejected('c(((')]).build());
      const finding = find(report.findings, 'repeated-error');
      assert.equal(finding.severity, 'warning');
      assert.match(finding.evidence.summary, /E999 SyntaxError: '\(' was never closed/);
    });

    it('keeps "unmatched \')\'" and "unmatched \']\'" apart, but masks long quoted code and line numbers', () => {
      const refusal = (snippet: string, lines: string): CallSpec => ({
        name: 'str_replace_editor', args: { command: 'str_replace', path: 'a.py', old_str: snippet, new_str: 'x' }, isError: true,
        output: `ERROR:\nNo replacement was performed. Multiple occurrences of old_str \`${snippet}\` in lines [${lines}]. Please ensure it is unique.`,
      });
      const report = analyzeTrajectory(new RunBuilder()
        .act([refusal('value = float(v)', '3, 9')]).act([refusal('other = float(o)', '4, 10')]).act([refusal('value = float(v) if x', '3, 9')]).build());
      assert.equal(find(report.findings, 'repeated-error').severity, 'warning');
      const distinct = analyzeTrajectory(new RunBuilder()
        .act([{ ...rejected('a'), output: "ERRORS:\n- E999 SyntaxError: unmatched ']'" }])
        .act([{ ...rejected('b'), output: "ERRORS:\n- E999 SyntaxError: unmatched ')'" }])
        .act([{ ...rejected('c'), output: "ERRORS:\n- E999 SyntaxError: unmatched ')'" }]).build());
      assert.equal(distinct.findings.some((f) => f.kind === 'repeated-error'), false);
    });

    it('does not flag a debugging session whose output changes while the final error stays', () => {
      const runner = new RunBuilder();
      for (let i = 0; i < 5; i++) {
        runner.act([edit('m.py', `p${i}`, `p${i + 1}`, `h${i}`, `h${i + 1}`)])
          .act([run('python m.py', `debug: x=${i * 7}\nTraceback (most recent call last):\n  File "m.py", line ${20 + i}, in f\nKeyError: 'name'`, 1)]);
      }
      const report = analyzeTrajectory(runner.build());
      assert.equal(report.findings.some((f) => f.kind === 'repeated-error'), false);
    });

    it('counts the same refused edit again within a few steps even when something was learned in between', () => {
      const exists: CallSpec = {
        name: 'str_replace_editor', args: { command: 'create', path: 'repro.py', file_text: 'x' }, isError: true,
        output: 'ERROR:\nInvalid `path` parameter: /w/repro.py. File already exists at: /w/repro.py. Cannot overwrite files using command `create`.',
      };
      const runner = new RunBuilder();
      for (let i = 0; i < 3; i++) {
        runner.act([{ ...exists, args: { ...exists.args, file_text: `v${i}` } }]).act([run('rm repro.py', '')])
          .act([{ name: 'str_replace_editor', args: { command: 'create', path: 'repro.py', file_text: `v${i}` }, output: 'File created' }])
          .act([run('python repro.py', `case ${i}: FOREIGN KEY constraint failed`, 1)]);
      }
      const finding = find(analyzeTrajectory(runner.build()).findings, 'repeated-error');
      assert.deepEqual(finding.evidence.steps, [1, 5, 9]);
    });
  });

  describe('cycles', () => {
    it('catches an A-B alternation with the same outputs', () => {
      const runner = new RunBuilder();
      for (let i = 0; i < 3; i++) runner.act([run('open a.py 20', 'A')]).act([run('open b.py 37', 'B')]);
      const finding = find(analyzeTrajectory(runner.build()).findings, 'cycle');
      assert.deepEqual([finding.fromStep, finding.toStep, finding.severity], [1, 6, 'warning']);
      assert.match(finding.evidence.summary, /2-step cycle/);
    });

    it('catches an A-B-C cycle (undo, the same edit, the same test)', () => {
      const runner = new RunBuilder();
      for (let i = 0; i < 4; i++) {
        runner.act([{ name: 'str_replace_editor', args: { command: 'undo_edit', path: 'ma.py' }, output: 'undone: v0' }])
          .act([{ name: 'str_replace_editor', args: { command: 'str_replace', path: 'ma.py', old_str: 'a', new_str: 'b' }, output: 'edited: v1' }])
          .act([run('python t.py', 'AssertionError: mask', 1)]);
      }
      const report = analyzeTrajectory(runner.build());
      const finding = find(report.findings, 'cycle');
      assert.match(finding.evidence.summary, /3-step cycle/);
      assert.equal(finding.severity, 'stuck');
      assert.equal(report.stuck, true);
    });
  });

  describe('edit-revert', () => {
    it('catches a file going back and forth between versions', () => {
      const runner = new RunBuilder();
      const hashes = ['h0', 'h1', 'h0', 'h1', 'h0'];
      for (let i = 1; i < hashes.length; i++) {
        runner.act([edit('a.py', 'x', 'y', hashes[i - 1] as string, hashes[i] as string)]).act([run('pytest', 'same failure', 1)]);
      }
      const finding = find(analyzeTrajectory(runner.build()).findings, 'edit-revert');
      assert.equal(finding.severity, 'warning');
      assert.match(finding.evidence.summary, /a\.py went back to an earlier content 3 times/);
    });

    it('does not flag one undo of a failed attempt', () => {
      const report = analyzeTrajectory(new RunBuilder()
        .act([edit('a.py', 'x', 'y', 'h0', 'h1')]).act([run('pytest', 'broke it', 1)])
        .act([edit('a.py', 'y', 'x', 'h1', 'h0')]).act([edit('a.py', 'x', 'z', 'h0', 'h2')]).act([run('pytest', 'ok', 0)])
        .act([finish()]).build('finished'));
      assert.equal(report.loop, false);
    });
  });

  describe('no progress', () => {
    it('warns after eight steps that brought nothing new', () => {
      const runner = new RunBuilder();
      for (let i = 0; i < 9; i++) runner.act([run(`grep -rn name${i} src`, 'src/a.py:1: name = 1')]);
      const report = analyzeTrajectory(runner.build());
      const finding = find(report.findings, 'no-progress');
      assert.deepEqual([finding.fromStep, finding.toStep, finding.severity], [2, 9, 'warning']);
      // The line-by-line stale signal sees the same stretch: one loop, two signals.
      assert.deepEqual(kinds(report.findings), ['no-progress', 'stale']);
      assert.equal(report.findings.length, 1);
    });

    it('counts new file contents as progress', () => {
      const runner = new RunBuilder();
      for (let i = 0; i < 12; i++) runner.act([edit(`f${i}.py`, '', 'x', null, `h${i}`)]);
      assert.equal(analyzeTrajectory(runner.build()).loop, false);
    });
  });

  describe('replies without a tool call, invalid calls, empty patches', () => {
    it('warns on three replies in a row without a tool call, naming identical texts', () => {
      const report = analyzeTrajectory(new RunBuilder().repeat(3, [], 'I will now fix the bug.').build());
      assert.match(find(report.findings, 'no-tool-call').evidence.summary, /3 replies in a row without a tool call .*same text/);
    });

    it('warns on three steps of invalid calls only', () => {
      const bad: CallSpec = { name: 'read_fil', args: { path: 'a' }, valid: false, output: 'Invalid tool call. Unknown tool "read_fil".', isError: true };
      const report = analyzeTrajectory(new RunBuilder().act([bad]).act([{ ...bad, args: { path: 'b' } }]).act([{ ...bad, args: { path: 'c' } }]).build());
      assert.equal(find(report.findings, 'invalid-call-streak').severity, 'warning');
    });

    it('reports a finish with an empty patch, which is not a loop', () => {
      const report = analyzeTrajectory(new RunBuilder().act([read('a.py', 'x')]).act([finish()]).build('finished', ''));
      assert.equal(find(report.findings, 'empty-patch-finish').severity, 'warning');
      assert.equal(report.loop, false);
      assert.equal(report.stuck, false);
    });
  });

  describe('stuck: a loop the run never left', () => {
    const loopThenNew = new RunBuilder().repeat(3, [run('ls', 'same')]).act([read('a.py', 'new 1')]).act([read('b.py', 'new 2')]).act([finish()]);

    it('is not stuck when new information followed the loop', () => {
      const report = analyzeTrajectory(loopThenNew.build('finished'));
      assert.deepEqual([report.loop, report.stuck, report.firstLoopAction], [true, false, 1]);
    });

    it('needs at least five wasted steps before a finish', () => {
      const short = analyzeTrajectory(new RunBuilder().act([read('a.py', 'code')]).repeat(3, [run('ls', 'same')]).act([finish()]).build('finished'));
      assert.deepEqual([short.loop, short.stuck], [true, false]);
      const long = analyzeTrajectory(new RunBuilder().act([read('a.py', 'code')]).repeat(5, [run('ls', 'same')]).act([finish()]).build('finished'));
      assert.deepEqual([long.loop, long.stuck], [true, true]);
    });

    it('calls a short run stuck when it looped from its first action to its end', () => {
      const fromStart = analyzeTrajectory(new RunBuilder().repeat(3, [run('ls', 'same')]).act([finish()]).build('finished'));
      assert.deepEqual([fromStart.loop, fromStart.stuck, fromStart.firstLoopAction], [true, true, 1]);
      const off = analyzeTrajectory(new RunBuilder().repeat(3, [run('ls', 'same')]).act([finish()]).build('finished'), watchConfig({ stuck: { fromStartWithin: 0 } }));
      assert.equal(off.stuck, false);
    });

    it('counts a cut-off last action as part of the loop', () => {
      const report = analyzeTrajectory(new RunBuilder().repeat(3, [read('.', 'x')]).act([{ ...read('.', ''), cut: true }]).build('aborted'));
      assert.equal(report.stuck, true);
      assert.equal(find(report.findings, 'identical-calls').toStep, 4);
    });

    it('honours configured thresholds, and 0 turns a signal off', () => {
      const trajectory = new RunBuilder().repeat(3, [run('ls', 'same')]).build();
      const off = analyzeTrajectory(trajectory, watchConfig({ identicalCalls: { warnAt: 0 }, repeatedObservation: { warnAt: 0 } }));
      assert.equal(off.loop, false);
      const early = analyzeTrajectory(new RunBuilder().repeat(2, [run('ls', 'same')]).build(), watchConfig({ identicalCalls: { warnAt: 2 } }));
      assert.equal(early.loop, true);
    });
  });
});
