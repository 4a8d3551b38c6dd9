// Synthetic Crux trajectories for the alignment tests and benchmark: runs described step by
// step (tool, arguments, output), written as real crux.trajectory/1 files, and random task
// sets from a seeded PRNG whose runs share prefixes and whose success depends on a key step.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatMessage } from '../../src/model/types';
import type { ModelTurnRecord, Trajectory, TrajectoryEvent } from '../../src/trajectory/format';
import { TRAJECTORY_FORMAT } from '../../src/trajectory/format';
import { serializeTrajectory } from '../../src/trajectory/jsonl';
import { defaultAlignConfig } from '../../src/align/config';
import { analyzeTask, type PipelineOptions, type TaskAnalysis } from '../../src/align/pipeline';
import { CRUX_FORMAT, refOf, type LoadedRun } from '../../src/align/source';

export interface StepSpec {
  tool: string;
  args: Record<string, unknown>;
  output?: string;
  content?: string;
  /** A call the agent rejected (unknown tool, bad arguments). */
  invalid?: boolean;
  /** A reply without a tool call. */
  reply?: boolean;
}

export interface RunSpec {
  runId: string;
  taskId: string;
  steps: StepSpec[];
  resolved: boolean | null;
  parent?: { runId: string; step: number };
  /** First step this file records (a branch that does not copy its parent's steps). */
  firstStep?: number;
  repository?: string | null;
  emptyPatch?: boolean;
  /** Steps whose turn was sent a shortened context (sentMessages). */
  sentMessagesAt?: number[];
  noOutcome?: boolean;
  tokensPerStep?: number;
}

export const SYSTEM_PROMPT = 'You are Crux, a coding agent. Use the tools to fix the issue.';

export const TOOLS = [
  { name: 'read_file', description: 'Read a file.', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
  { name: 'run_command', description: 'Run a shell command.', parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } },
  { name: 'edit_file', description: 'Replace text in a file.', parameters: { type: 'object', properties: { path: { type: 'string' }, old_string: { type: 'string' }, new_string: { type: 'string' } } } },
  { name: 'finish', description: 'Finish the task.', parameters: { type: 'object', properties: { summary: { type: 'string' } } } },
];

export function makeTrajectory(spec: RunSpec): Trajectory {
  const events: TrajectoryEvent[] = [];
  let seq = 0;
  const first = spec.firstStep ?? 1;
  let pending: ChatMessage[] = first === 1
    ? [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: `Task ${spec.taskId}: fix the bug.` }]
    : [{ role: 'tool', content: `(output of step ${first - 1} of ${spec.parent?.runId ?? '?'})`, tool_call_id: `${spec.parent?.runId ?? 'x'}-c${first - 1}` }];
  const history: ChatMessage[] = [];
  let invalid = 0;
  for (let step = first; step <= spec.steps.length; step++) {
    const s = spec.steps[step - 1] as StepSpec;
    const callId = `${spec.runId}-c${step}`;
    const argumentsText = JSON.stringify(s.args);
    const toolCalls = s.reply ? [] : [{ id: callId, name: s.tool, argumentsText, arguments: s.args }];
    const assistant: ChatMessage & { role: 'assistant' } = {
      role: 'assistant', content: s.content ?? null,
      ...(s.reply ? {} : { tool_calls: [{ id: callId, type: 'function' as const, function: { name: s.tool, arguments: argumentsText } }] }),
    };
    const sent = spec.sentMessagesAt?.includes(step) ? [...history.slice(-2), ...pending] : undefined;
    const turn: ModelTurnRecord = {
      kind: 'event', seq: ++seq, t: null, step, type: 'model-turn', newMessages: pending,
      ...(sent ? { sentMessages: sent } : {}),
      assistant, rawContent: s.content ?? '', reasoning: '', toolCalls, finishReason: s.reply ? 'stop' : 'tool_calls',
      usage: { promptTokens: 0, completionTokens: spec.tokensPerStep ?? 10, totalTokens: spec.tokensPerStep ?? 10 }, latencyMs: null,
    };
    events.push(turn);
    history.push(...pending, assistant);
    if (s.reply) {
      pending = [{ role: 'user', content: 'Please call a tool.' }];
      continue;
    }
    if (s.invalid) invalid++;
    events.push({
      kind: 'event', seq: ++seq, t: null, step, type: 'tool-call', callId, name: s.tool, argumentsText,
      arguments: s.args, valid: !s.invalid, invalidReason: s.invalid ? 'bad arguments' : null, risk: 'read',
    });
    const output = s.output ?? `ok ${step}`;
    events.push({
      kind: 'event', seq: ++seq, t: null, step, type: 'observation', callId, name: s.tool, output,
      isError: false, exitCode: 0, truncated: false, durationMs: null,
    });
    pending = [{ role: 'tool', content: output, tool_call_id: callId }];
  }
  const steps = spec.steps.length;
  return {
    header: {
      kind: 'header', format: TRAJECTORY_FORMAT, runId: spec.runId, createdAt: '2025-01-01T00:00:00.000Z',
      task: { id: spec.taskId, text: `Task ${spec.taskId}: fix the bug.` },
      repository: { remote: spec.repository === undefined ? 'https://github.com/acme/widgets.git' : spec.repository, commit: null },
      model: { name: 'test-model', serverKind: 'vllm', serverUrl: null }, sampling: {}, toolFormat: 'native',
      tools: TOOLS, maxSteps: 50, cruxVersion: '0.1.0', consent: 'local', parent: spec.parent ?? null,
      source: { agent: 'crux', format: TRAJECTORY_FORMAT, file: null },
    },
    events,
    outcome: spec.noOutcome ? null : {
      kind: 'outcome', t: null, end: 'finished', message: 'done', summary: null, patch: spec.emptyPatch ? '' : 'diff',
      emptyPatch: spec.emptyPatch ?? false, steps,
      usage: { promptTokens: 0, completionTokens: steps * (spec.tokensPerStep ?? 10), totalTokens: steps * (spec.tokensPerStep ?? 10) },
      invalidToolCalls: invalid, test: null, verdict: null, resolved: spec.resolved,
    },
    problems: [],
  };
}

/** Writes each run as `<dir>/<runId>.jsonl` (or under `subdir(spec)`); returns the files. */
export function writeRuns(dir: string, specs: readonly RunSpec[], subdir?: (spec: RunSpec, index: number) => string): string[] {
  return specs.map((spec, index) => {
    const folder = subdir ? join(dir, subdir(spec, index)) : dir;
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `${spec.runId}.jsonl`);
    writeFileSync(file, serializeTrajectory(makeTrajectory(spec)));
    return file;
  });
}

export function read(path: string): StepSpec {
  return { tool: 'read_file', args: { path }, output: `contents of ${path}` };
}

export function run(command: string): StepSpec {
  return { tool: 'run_command', args: { command }, output: `$ ${command}\nok` };
}

export function runs(taskId: string, prefix: string, count: number, steps: StepSpec[], resolved: boolean | null, extra: Partial<RunSpec> = {}): RunSpec[] {
  return Array.from({ length: count }, (_, i) => ({ runId: `${prefix}${i}`, taskId, steps, resolved, ...extra }));
}

/** Task "fix": 4 runs edit after reading (all succeed), 4 run the tests instead (all fail). */
export function knownTask(): RunSpec[] {
  const edit: StepSpec = { tool: 'edit_file', args: { path: 'a.py', old_string: 'x', new_string: 'y' } };
  return [
    ...runs('fix', 'good', 4, [run('ls'), read('a.py'), edit, { tool: 'finish', args: { summary: 'done' } }], true),
    ...runs('fix', 'bad', 4, [run('ls'), read('a.py'), run('pytest'), run('pytest')], false),
  ];
}

/** mulberry32: a small seeded PRNG, so random task sets are the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomSetOptions {
  tasks: number;
  runsPerTask: number;
  steps: number;
  /** Characters of observation output per step (file size). */
  outputChars?: number;
  /** Share of runs that get no success label. */
  unlabelled?: number;
  /** Number of the first task (task ids are task-00000, task-00001, ...). */
  firstTask?: number;
  /** Share of runs that branch from an earlier run of their task (half of them copy the
   * shared steps into their own file, half record only their own). */
  branches?: number;
}

function stepOf(s: number, choice: number, padding: string): StepSpec {
  return choice % 2 === 0
    ? { tool: 'read_file', args: { path: `src/file${s}_${choice}.py` }, output: `contents ${s} ${padding}`, content: `Reading file ${s}.` }
    : { tool: 'run_command', args: { command: `pytest tests/test_${s}_${choice}.py` }, output: `1 failed ${padding}`, content: `Running test ${s}.` };
}

/** Random task sets: each task has a key step where one of two actions leads to success with
 * probability 0.8 and the other with 0.15; elsewhere runs mostly agree early and drift apart
 * later, so they share prefixes the way sampled agent runs do. */
export function randomTaskSet(random: () => number, options: RandomSetOptions): RunSpec[] {
  const specs: RunSpec[] = [];
  const padding = 'x'.repeat(options.outputChars ?? 40);
  const first = options.firstTask ?? 0;
  for (let t = first; t < first + options.tasks; t++) {
    const taskId = `task-${String(t).padStart(5, '0')}`;
    const keyStep = 1 + Math.floor(random() * Math.min(4, options.steps));
    const taskRuns: { spec: RunSpec; choices: number[] }[] = [];
    for (let r = 0; r < options.runsPerTask; r++) {
      const runId = `${taskId}-run-${String(r).padStart(4, '0')}`;
      const parent = options.branches && r > 0 && options.steps > 1 && random() < options.branches
        ? taskRuns[Math.floor(random() * taskRuns.length)] : undefined;
      const shared = parent ? 1 + Math.floor(random() * (options.steps - 1)) : 0;
      const choices = parent ? parent.choices.slice(0, shared) : [];
      for (let s = choices.length + 1; s <= options.steps; s++) {
        const agree = s <= 6 ? 0.9 : 0.5;
        choices.push(s === keyStep ? (random() < 0.5 ? 0 : 1) : (random() < agree ? 0 : 1 + Math.floor(random() * 3)));
      }
      const success = random() < (choices[keyStep - 1] === 0 ? 0.8 : 0.15);
      const spec: RunSpec = {
        runId, taskId, steps: choices.map((choice, i) => stepOf(i + 1, choice, padding)),
        resolved: options.unlabelled && random() < options.unlabelled ? null : success,
        ...(parent ? { parent: { runId: parent.spec.runId, step: shared }, ...(random() < 0.5 ? { firstStep: shared + 1 } : {}) } : {}),
      };
      taskRuns.push({ spec, choices });
      specs.push(spec);
    }
  }
  return specs;
}

/** The runs of each task analysed in memory, as the pipeline would after loading them. */
export function analyzeSpecs(specs: readonly RunSpec[], options: Partial<PipelineOptions> = {}): Map<string, TaskAnalysis> {
  const byTask = new Map<string, LoadedRun[]>();
  for (const spec of specs) {
    const trajectory = makeTrajectory(spec);
    const list = byTask.get(spec.taskId) ?? [];
    list.push({ ref: refOf(trajectory.header, `${spec.runId}.jsonl`, 0, CRUX_FORMAT), trajectory });
    byTask.set(spec.taskId, list);
  }
  const result = new Map<string, TaskAnalysis>();
  for (const [taskId, loaded] of byTask) result.set(taskId, analyzeTask(taskId, loaded, { config: defaultAlignConfig(), ...options }));
  return result;
}
