// A synthetic run holding every kind of AgentEvent (and so every kind of trajectory record),
// with a hook that puts a given text into every free-text field: the redaction tests fill them
// with secrets, the round-trip tests with plain words.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../../src/agent/events';
import type { ChatMessage, ToolSpec } from '../../src/model/types';
import type { LoopFinding } from '../../src/watch/finding';
import { Redactor } from '../../src/trajectory/privacy/redactor';
import { TrajectoryRecorder, type RecorderOptions } from '../../src/trajectory/recorder';
import { TrajectoryStore } from '../../src/trajectory/store';

export interface TempDir {
  path: string;
  remove(): void;
}

export function tempDir(prefix = 'crux-traj-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

const TOOLS: ToolSpec[] = [
  { name: 'read_file', description: 'Read a file.', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
  { name: 'run_command', description: 'Run a command.', parameters: { type: 'object', properties: { command: { type: 'string' } } } },
];

/** `text` goes into every free-text field (task, model text, arguments, outputs, diffs...). */
export function sampleRun(text = 'plain words', runId = 'run-0001'): AgentEvent[] {
  const system: ChatMessage = { role: 'system', content: `You are Crux. Workspace: /work/repo. ${text}` };
  const task: ChatMessage = { role: 'user', content: `Task: ${text}` };
  const args1 = { command: `echo "${text}"` };
  const args1Text = JSON.stringify(args1);
  const assistant1: ChatMessage & { role: 'assistant' } = {
    role: 'assistant', content: `Let me run it. ${text}`,
    tool_calls: [{ id: 'call-1', type: 'function', function: { name: 'run_command', arguments: args1Text } }],
  };
  const observation1 = `${text}\nexit 0`;
  const diff = `--- a/.env\n+++ b/.env\n@@ -1,2 +1,3 @@\n KEEP=1\n-OLD=${text}\n+NEW=${text}\n+MORE=${text}\n`;
  const args2Text = JSON.stringify({ path: '.env', old_string: `OLD=${text}`, new_string: `NEW=${text}\nMORE=${text}` });
  const assistant2: ChatMessage & { role: 'assistant' } = {
    role: 'assistant', content: null,
    tool_calls: [
      { id: 'call-2', type: 'function', function: { name: 'edit_file', arguments: args2Text } },
      { id: 'call-3', type: 'function', function: { name: 'nope', arguments: '{"broken": ' } },
    ],
  };
  const finding: LoopFinding = {
    id: 'finding-1', kind: 'identical-calls', severity: 'warning', fromStep: 1, toStep: 2,
    evidence: { summary: `run_command repeated: ${text}`, steps: [1, 2] }, recoveries: ['nudge', 'rollback', 'stop'],
    nudge: `Try something else than ${text}.`,
  };
  const turn2Messages: ChatMessage[] = [{ role: 'tool', tool_call_id: 'call-1', content: observation1 }];
  return [
    {
      type: 'run-started', runId, task: `Fix it. ${text}`, workspaceRoot: '/work/repo', model: 'qwen-coder',
      serverUrl: 'http://127.0.0.1:8000/v1', serverKind: 'vllm', toolFormat: 'native', tools: TOOLS,
      sampling: { temperature: 0.2, maxTokens: 2048 }, maxSteps: 30,
    },
    { type: 'user-message', step: 0, text: `Before you start: ${text}`, source: 'user' },
    { type: 'model-delta', step: 1, delta: { kind: 'content', text: 'Let me' } },
    {
      type: 'model-turn', step: 1, newMessages: [system, task], assistant: assistant1,
      rawContent: `<think>${text}</think>Let me run it. ${text}`, content: `Let me run it. ${text}`, reasoning: `Thinking about ${text}`,
      toolCalls: [{ id: 'call-1', name: 'run_command', argumentsText: args1Text, arguments: args1 }],
      finishReason: 'tool_calls', usage: { promptTokens: 100, completionTokens: 20, totalTokens: 120 }, latencyMs: 850, firstTokenMs: 120,
    },
    { type: 'tool-call', step: 1, callId: 'call-1', name: 'run_command', argumentsText: args1Text, arguments: args1, valid: true, risk: 'execute', title: 'Run echo' },
    { type: 'approval', step: 1, callId: 'call-1', decidedBy: 'policy', approved: true },
    { type: 'checkpoint', step: 1, checkpointId: 'cp1', label: 'before step 1: Run echo' },
    { type: 'tool-output', step: 1, callId: 'call-1', chunk: 'partial output' },
    { type: 'tool-result', step: 1, callId: 'call-1', name: 'run_command', output: observation1, isError: false, exitCode: 0, truncated: false, durationMs: 31 },
    { type: 'rules-added', step: 1, callId: 'call-1', path: 'pkg/AGENTS.md', folder: 'pkg', chars: 12, truncated: false, sha256: 'c'.repeat(64) },
    {
      type: 'model-turn', step: 2, newMessages: turn2Messages,
      sentMessages: [system, { role: 'user', content: 'Task: (shortened)' }, assistant1, ...turn2Messages],
      assistant: assistant2, rawContent: '', content: '', reasoning: '',
      toolCalls: [
        { id: 'call-2', name: 'edit_file', argumentsText: args2Text, arguments: JSON.parse(args2Text) as Record<string, unknown> },
        { id: 'call-3', name: 'nope', argumentsText: '{"broken": ', parseError: 'the arguments are not valid JSON' },
      ],
      finishReason: 'tool_calls', latencyMs: 400,
    },
    {
      type: 'tool-call', step: 2, callId: 'call-2', name: 'edit_file', argumentsText: args2Text,
      arguments: JSON.parse(args2Text) as Record<string, unknown>, valid: true, risk: 'edit', title: 'Edit .env',
    },
    { type: 'approval', step: 2, callId: 'call-2', decidedBy: 'user', approved: false, reason: `not like that: ${text}` },
    { type: 'tool-result', step: 2, callId: 'call-2', name: 'edit_file', output: 'The user denied this edit.', isError: true, truncated: false, durationMs: 0 },
    { type: 'edit', step: 2, callId: 'call-2', edit: { path: '.env', diff, beforeHash: 'a'.repeat(64), afterHash: 'b'.repeat(64) } },
    { type: 'tool-call', step: 2, callId: 'call-3', name: 'nope', argumentsText: '{"broken": ', valid: false, invalidReason: 'Unknown tool "nope".', risk: 'read', title: 'nope (invalid)' },
    { type: 'tool-result', step: 2, callId: 'call-3', name: 'nope', output: 'Invalid tool call.', isError: true, exitCode: null, truncated: true, durationMs: 0 },
    { type: 'loop-warning', step: 2, finding },
    { type: 'recovery', step: 2, findingId: 'finding-1', action: 'rollback', decidedBy: 'user', checkpointId: 'cp1', toStep: 1 },
    { type: 'recovery', step: 2, findingId: 'finding-1', action: 'nudge', decidedBy: 'policy' },
    { type: 'user-message', step: 2, text: finding.nudge, source: 'nudge' },
    { type: 'error', step: 2, message: `The model server failed: ${text}`, fatal: false },
    {
      type: 'run-finished', reason: 'finished', steps: 2, summary: `Done: ${text}`, message: 'The agent finished the task.',
      patch: diff, usage: { promptTokens: 300, completionTokens: 50, totalTokens: 350 }, invalidToolCalls: 1,
    },
  ];
}

export interface RecordOptions extends Partial<Omit<RecorderOptions, 'store'>> {
  store?: TrajectoryStore;
}

/** Feeds events to a fresh recorder (consent local, no home-folder rewriting unless given). */
export function recordRun(dir: string, events: AgentEvent[], options: RecordOptions = {}): TrajectoryRecorder {
  const recorder = new TrajectoryRecorder({
    consent: 'local',
    redactor: new Redactor({ homeDir: null }),
    clock: { now: () => 1_700_000_000_000 },
    ...options,
    store: options.store ?? new TrajectoryStore(dir),
  });
  for (const event of events) recorder.handle(event);
  return recorder;
}
