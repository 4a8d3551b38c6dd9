// A realistic run for the recording benchmark: model turns whose new messages carry the
// previous observations (as the agent's do), reads of real source files from this repository,
// test-command logs, and edits as unified diffs. Deterministic: the same repository gives the
// same events.
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { AgentEvent } from '../src/agent/events';
import type { ChatMessage, ToolSpec } from '../src/model/types';

const TOOLS: ToolSpec[] = ['read_file', 'run_command', 'edit_file', 'search', 'finish'].map((name) => ({
  name, description: `The ${name} tool: a description of a paragraph or so, as the real ones have.`.repeat(3),
  parameters: { type: 'object', properties: { path: { type: 'string' }, command: { type: 'string' } } },
}));

function sourceFiles(root: string): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts')) files.push({ path: rel, text: readFileSync(join(root, rel), 'utf8') });
    }
  };
  walk('src');
  return files;
}

function testLog(step: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 60; i++) {
    lines.push(`  ${i % 7 === 3 ? '✗' : '✓'} case ${step}.${i} (${(i * 13) % 97} ms) at ${homedir()}/work/app/test/case-${i}.test.ts:${i + 10}:5`);
  }
  return `> app@1.0.0 test\n> mocha\n\n${lines.join('\n')}\n\n  ${60 - 9} passing\n  9 failing\n`;
}

/** About `steps` × 4.3 events: turn, call, approval, result, and an edit every third step. */
export function benchmarkRun(repoRoot: string, steps = 60): AgentEvent[] {
  const files = sourceFiles(repoRoot);
  const events: AgentEvent[] = [{
    type: 'run-started', runId: 'bench-run', task: 'Fix the failing test in the parser and keep the others green.',
    workspaceRoot: `${homedir()}/work/app`, model: 'qwen2.5-coder-32b', serverUrl: 'http://127.0.0.1:8000/v1', serverKind: 'vllm',
    toolFormat: 'native', tools: TOOLS, sampling: { temperature: 0.2 }, maxSteps: 100,
  }];
  let pending: ChatMessage[] = [
    { role: 'system', content: `You are Crux, a coding agent. Workspace: ${homedir()}/work/app.\n${'Rules and tool guidance. '.repeat(80)}` },
    { role: 'user', content: 'Fix the failing test in the parser and keep the others green.' },
  ];
  for (let step = 1; step <= steps; step++) {
    const file = files[step % files.length] ?? { path: 'src/x.ts', text: 'x' };
    const kind = step % 3 === 0 ? 'edit_file' : step % 3 === 1 ? 'read_file' : 'run_command';
    const args = kind === 'run_command' ? { command: 'npm test -- --grep parser' } : { path: file.path };
    const argumentsText = JSON.stringify(args);
    const callId = `call_${step}`;
    const thought = `Step ${step}: looking at ${file.path}. `.repeat(12);
    const assistant: ChatMessage & { role: 'assistant' } = {
      role: 'assistant', content: thought,
      tool_calls: [{ id: callId, type: 'function', function: { name: kind, arguments: argumentsText } }],
    };
    events.push({
      type: 'model-turn', step, newMessages: pending, assistant, rawContent: thought, content: thought, reasoning: `Reasoning about step ${step}. `.repeat(20),
      toolCalls: [{ id: callId, name: kind, argumentsText, arguments: args }], finishReason: 'tool_calls',
      usage: { promptTokens: 4000 + step * 900, completionTokens: 120, totalTokens: 4120 + step * 900 }, latencyMs: 1800, firstTokenMs: 240,
    });
    events.push({ type: 'tool-call', step, callId, name: kind, argumentsText, arguments: args, valid: true, risk: kind === 'read_file' ? 'read' : kind === 'edit_file' ? 'edit' : 'execute', title: kind });
    events.push({ type: 'approval', step, callId, decidedBy: 'policy', approved: true });
    let output: string;
    if (kind === 'read_file') output = file.text;
    else if (kind === 'run_command') output = testLog(step);
    else {
      const after = file.text.replace(/\n/, '\n// changed by the agent\n');
      events.push({ type: 'edit', step, callId, edit: { path: file.path, diff: createTwoFilesPatch(`a/${file.path}`, `b/${file.path}`, file.text, after), beforeHash: 'a'.repeat(64), afterHash: 'b'.repeat(64) } });
      output = `Edited ${file.path}.`;
    }
    events.push({ type: 'tool-result', step, callId, name: kind, output, isError: false, exitCode: kind === 'run_command' ? 1 : null, truncated: false, durationMs: 40 });
    pending = [{ role: 'tool', tool_call_id: callId, content: output }];
  }
  events.push({
    type: 'run-finished', reason: 'finished', steps, summary: 'Fixed the parser.', message: 'The agent finished the task.',
    patch: '', usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, invalidToolCalls: 0,
  });
  return events;
}
