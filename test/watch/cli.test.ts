// `crux detect` and `crux eval-detector` in process (their commands alone), and the loop watch
// of `crux run` through the real CLI bundle with a model that never stops repeating itself.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerDetectCommand } from '../../src/cli/detect-command';
import { registerEvalDetectorCommand } from '../../src/cli/eval-detector-command';
import { serializeTrajectory } from '../../src/trajectory/jsonl';
import { runCli } from '../support/cli';
import { createGitRepo } from '../support/git-fixture';
import { startModelServer } from '../support/model-server';
import { finish, read, run, RunBuilder } from './helpers';

async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const program = new Command('crux').exitOverride();
  registerDetectCommand(program);
  registerEvalDetectorCommand(program);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  process.stdout.write = ((chunk: string | Uint8Array) => stdout.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = undefined;
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

describe('loop-watch commands', function () {
  this.timeout(120_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'crux-detect-'));
    writeFileSync(join(dir, 'stuck.jsonl'), serializeTrajectory(new RunBuilder().act([read('a.py', 'x')]).repeat(4, [run('pytest', 'FAILED t - assert 1 == 2', 1)]).build()));
    writeFileSync(join(dir, 'fine.jsonl'), serializeTrajectory(new RunBuilder().act([read('a.py', 'x')]).act([finish()]).build('finished')));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('crux detect --json prints one object per run with the verdict and the findings', async () => {
    const result = await inProcess(['detect', dir, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(lines.map((line) => [String(line.file).split('/').pop(), line.stuck, line.loop, line.first_loop_action]), [
      ['fine.jsonl', false, false, null],
      ['stuck.jsonl', true, true, 2],
    ]);
    assert.ok(Array.isArray(lines[1]?.findings) && (lines[1]?.findings as unknown[]).length > 0);
  });

  it('crux detect prints a readable verdict per run', async () => {
    const result = await inProcess(['detect', join(dir, 'stuck.jsonl')]);
    // One line per loop, naming the other signals that saw it.
    assert.match(result.stdout, /stuck\.jsonl: STUCK \(first loop at action 2\)\n {2}loop-1: warning identical-calls at actions 2-5: .*\(also repeated-observation, repeated-error, persistent-error\)\n/);
    assert.match(result.stdout, /crux: 1 run, 1 stuck/);
  });

  it('crux eval-detector scores the detector and the baselines against labels', async () => {
    const labels = join(dir, 'labels.json');
    writeFileSync(labels, JSON.stringify([
      { file: 'stuck.jsonl', actions: 5, stuck: true, loop: true, first_loop_action: 2, kind: 'repeat' },
      { file: 'fine.jsonl', actions: 2, stuck: false, loop: false, first_loop_action: null, kind: null },
    ]));
    const result = await inProcess(['eval-detector', '--labels', labels, dir]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^2 labelled runs \(1 stuck, 1 with a loop\)/);
    assert.match(result.stdout, /\ncrux +1\.00 1\.00 1\.00 +1\.00 1\.00 1\.00/);
    for (const name of ['openhands', 'cline', 'roo']) assert.match(result.stdout, new RegExp(`\\n${name} `));
    const json = await inProcess(['eval-detector', '--labels', labels, '--json', dir]);
    const parsed = JSON.parse(json.stdout) as { rows: { name: string; stuck: { tp: number } }[] };
    assert.deepEqual(parsed.rows.map((row) => row.name), ['crux', 'openhands', 'cline', 'roo']);
  });

  it('crux detect asks a model only when --loop-model-url is given, where the live watch would have', async () => {
    // 14 reads of different files: the rules see nothing; the model says it loops.
    const runner = new RunBuilder();
    for (let i = 0; i < 14; i++) runner.act([read(`m${i}.py`, `module ${i}`)]);
    writeFileSync(join(dir, 'wander.jsonl'), serializeTrajectory(runner.build()));
    const server = await startModelServer({ turns: () => ({ content: JSON.stringify({ looping: true, confidence: 0.95, reason: 'it opens file after file without a plan' }) }) });
    try {
      const plain = await inProcess(['detect', join(dir, 'wander.jsonl')]);
      assert.match(plain.stdout, /wander\.jsonl: no loop/);
      assert.equal(server.requests.length, 0, 'no model, no request');
      const judged = await inProcess(['detect', join(dir, 'wander.jsonl'), '--loop-model-url', server.url, '--loop-model', 'test-model']);
      assert.match(judged.stdout, /wander\.jsonl: loop, recovered \(first loop at action \d+\)\n {2}loop-1: warning model-check at actions \d+-12: the model check judged/);
      assert.equal(server.requests.length, 1, 'asked once: after 12 turns, not again before 18');
      await assert.rejects(inProcess(['detect', join(dir, 'wander.jsonl'), '--loop-model-url', server.url]), /needs --loop-model/);
    } finally {
      await server.close();
    }
  });

  it('crux eval-detector fails clearly on a bad label file', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([{ file: 'x', stuck: 'yes' }]));
    await assert.rejects(inProcess(['eval-detector', '--labels', join(dir, 'bad.json'), dir]), /"stuck" and "loop" must be true or false/);
  });

  it('crux run --loop-policy stop ends a looping run with exit code 1', async () => {
    const repo = createGitRepo({ 'test.js': "console.log('FAIL'); process.exit(1);\n" });
    const server = await startModelServer({ turns: () => ({ toolCalls: [{ name: 'run_command', arguments: { command: 'node test.js' } }] }) });
    try {
      const result = await runCli(['run', '--workspace', repo.root, '--task', 'make the test pass', '--model-url', server.url,
        '--tool-format', 'native', '--auto-approve', '--no-record', '--loop-policy', 'stop']);
      assert.equal(result.code, 1, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stdout, /⚠ warning \[loop-1\]: run_command `node test\.js` called 3 times in a row/);
      assert.match(result.stdout, /↺ stop \(policy\)/);
      assert.match(result.stdout, /not done: Stopped by the loop watch: /);
    } finally {
      await server.close();
      repo.remove();
    }
  });
});
