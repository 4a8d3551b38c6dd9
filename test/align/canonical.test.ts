// Canonical actions: which differences make two steps different nodes, and which do not.
import { strict as assert } from 'node:assert';
import { createCanonicalizer, createStringNormalizer } from '../../src/align/canonical';
import { DEFAULT_NORMALIZATION, type NormalizationConfig } from '../../src/align/config';
import type { ModelTurnRecord } from '../../src/trajectory/format';
import { makeTrajectory, type StepSpec } from './synthetic';

function turnOf(step: StepSpec): ModelTurnRecord {
  const trajectory = makeTrajectory({ runId: 'r', taskId: 't', steps: [step], resolved: true });
  return trajectory.events[0] as ModelTurnRecord;
}

function keyOf(step: StepSpec, config: Partial<NormalizationConfig> = {}): string {
  return createCanonicalizer({ ...DEFAULT_NORMALIZATION, ...config })(turnOf(step));
}

const call = (args: Record<string, unknown>, tool = 'run_command'): StepSpec => ({ tool, args });

describe('align: canonical actions', () => {
  it('ignores key order', () => {
    assert.equal(keyOf(call({ a: 1, b: { d: 2, c: 3 } })), keyOf(call({ b: { c: 3, d: 2 }, a: 1 })));
  });

  it('collapses whitespace in one-line strings but keeps the indentation of multi-line ones', () => {
    assert.equal(keyOf(call({ command: '  ls   -la\t' })), keyOf(call({ command: 'ls -la' })));
    const indented = call({ path: 'a.py', new_string: 'def f():\n    return 1   \r\n' }, 'edit_file');
    const same = call({ path: 'a.py', new_string: 'def f():\n    return 1\n' }, 'edit_file');
    const dedented = call({ path: 'a.py', new_string: 'def f():\nreturn 1\n' }, 'edit_file');
    assert.equal(keyOf(indented), keyOf(same));
    assert.notEqual(keyOf(indented), keyOf(dedented));
  });

  it('replaces volatile ids and generated temp paths, not paths the agent chose', () => {
    assert.equal(
      keyOf(call({ command: 'cat /tmp/tmpa8f3k2x9/out.log && echo 3f2b1c4e-1d2e-4f5a-8b9c-0a1b2c3d4e5f' })),
      keyOf(call({ command: 'cat /tmp/tmpzz81qq0p/out.log && echo 99999999-aaaa-4bbb-8ccc-dddddddddddd' })),
    );
    assert.equal(keyOf(call({ id: 'call_abc123DEF456' })), keyOf(call({ id: 'toolu_01KLB91Gm2zABdfYK2nQGFxV' })));
    assert.equal(keyOf(call({ at: '2024-12-04T19:01:02.123Z' })), keyOf(call({ at: '2025-01-01T00:00:00Z' })));
    assert.equal(keyOf(call({ path: '/var/folders/x1/abc123/T/tmpq1w2e3/a.py' })), keyOf(call({ path: '/tmp/tmp9z8y7x/a.py' })));
    assert.notEqual(keyOf(call({ command: 'python /tmp/reproduce.py' })), keyOf(call({ command: 'python /tmp/other.py' })));
  });

  it('keeps ids and temp paths when told to', () => {
    const a = call({ command: 'cat /tmp/tmpa8f3k2x9/x' });
    const b = call({ command: 'cat /tmp/tmpzz81qq0p/x' });
    assert.notEqual(keyOf(a, { tempPaths: false }), keyOf(b, { tempPaths: false }));
  });

  it('drops ignored argument keys at the top level only', () => {
    assert.equal(keyOf(call({ command: 'ls', thought: 'look around' })), keyOf(call({ command: 'ls', thought: 'see files' })));
    assert.notEqual(keyOf(call({ command: 'ls', timeout: 5 })), keyOf(call({ command: 'ls', timeout: 9 })));
    assert.equal(keyOf(call({ command: 'ls', timeout: 5 }), { ignoreArguments: ['timeout'] }), keyOf(call({ command: 'ls', timeout: 9 }), { ignoreArguments: ['timeout'] }));
  });

  it('tells tools, replies and exact whitespace apart', () => {
    assert.notEqual(keyOf(call({ path: 'a' }, 'read_file')), keyOf(call({ path: 'a' }, 'list_files')));
    assert.notEqual(keyOf({ tool: '', args: {}, reply: true, content: 'done' }), keyOf({ tool: '', args: {}, reply: true, content: 'not done' }));
    assert.notEqual(keyOf(call({ command: 'ls  -la' }), { whitespace: 'exact' }), keyOf(call({ command: 'ls -la' }), { whitespace: 'exact' }));
  });

  it('applies custom replacements', () => {
    const normalize = createStringNormalizer({ ...DEFAULT_NORMALIZATION, replacements: [{ pattern: 'pid \\d+', replacement: 'pid <n>' }] });
    assert.equal(normalize('kill pid 4242'), 'kill pid <n>');
  });
});
